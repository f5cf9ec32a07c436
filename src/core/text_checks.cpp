#include "src/core/text_checks.h"

#include <algorithm>
#include <cctype>
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

namespace {

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A DNS name or IPv4 address: dot-separated labels of letters, digits, '-'
// and '_' (service names of local container networks), none empty, none
// starting or ending with '-'.
bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::string_view label = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return IsAsciiAlnum(c) || c == '-' || c == '_'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// "[...]" holding only what an IPv6 address (possibly with an embedded IPv4
// part) is written with.
bool IsIpv6Literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  const std::string_view inside = host.substr(1, host.size() - 2);
  return inside.find(':') != std::string_view::npos && std::all_of(inside.begin(), inside.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
         });
}

}  // namespace

Status CheckEndpointUrl(std::string_view url) {
  auto invalid = [](std::string_view why) { return InvalidField("endpoint_url", why); };
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
  if (url.find_first_of("?# \\") != std::string_view::npos) {
    return invalid("must not contain a query, fragment, space or backslash.");
  }
  // Only the host decides where secrets go; a path would be dropped or
  // misread by the SDKs, so it is refused rather than silently ignored.
  if (authority.size() + 1 < rest.size()) {
    return invalid("must not contain a path: give only scheme, host and port, as in https://minio.example:9000.");
  }
  std::string_view host = authority;
  const auto ipv6_end = authority.find(']');
  const auto colon = authority.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && (ipv6_end == std::string_view::npos || colon > ipv6_end);
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
  if (!IsHostName(host) && !IsIpv6Literal(host)) {
    return invalid("has a host that is not a DNS name, an IPv4 address or a bracketed IPv6 address.");
  }
  return Status::Ok();
}

bool IsAzureAccountName(std::string_view name) {
  return name.size() >= 3 && name.size() <= 24 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
         });
}

bool IsAzureTenantId(std::string_view tenant) {
  const auto alphanumeric = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  return !tenant.empty() && tenant.size() <= 253 && alphanumeric(tenant.front()) &&
         std::all_of(tenant.begin(), tenant.end(),
                     [&](char c) { return alphanumeric(c) || c == '.' || c == '-'; });
}

}  // namespace flowfile::internal
