#include "src/core/text_checks.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace flowfile::internal {

std::size_t Utf8Length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t continuation_bytes = 0;
    if (lead < 0x80) {
      continuation_bytes = 0;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      continuation_bytes = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuation_bytes = 2;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuation_bytes = 3;
    } else {
      return false;  // stray continuation byte or invalid lead byte
    }
    if (text.size() - i - 1 < continuation_bytes) return false;
    for (std::size_t k = 1; k <= continuation_bytes; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += continuation_bytes + 1;
  }
  return true;
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

Status CheckEndpointUrl(std::string_view url) {
  auto invalid = [](std::string why) {
    return InvalidField("endpoint_url", why);
  };
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return invalid("must start with http:// or https://, for example https://s3.amazonaws.com.");
  }
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) {
    return invalid("must not contain user info (user:password@): put credentials in their own fields.");
  }
  if (url.find_first_of("?# ") != std::string_view::npos) {
    return invalid("must not contain a query, fragment or space.");
  }
  std::string_view host = authority;
  const auto ipv6_end = authority.find(']');
  const auto colon = authority.rfind(':');
  const bool has_port = colon != std::string_view::npos &&
                        (ipv6_end == std::string_view::npos || colon > ipv6_end);
  if (has_port) {
    const std::string_view port = authority.substr(colon + 1);
    int number = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535) {
      return invalid("has a port that is not a number from 1 to 65535.");
    }
    host = authority.substr(0, colon);
  }
  if (host.empty()) return invalid("has no host name.");
  return Status::Ok();
}

}  // namespace flowfile::internal
