#include "src/cloud/endpoint_url.h"

#include "flowfile/connection_rules.h"
#include "src/core/text_checks.h"

namespace flowfile::cloud {

Result<Endpoint> ParseEndpoint(std::string_view url) {
  auto invalid = [&](std::string_view reason) {
    return Error(ErrorCode::kInvalidEndpoint,
                 "Invalid endpoint " + std::string(url) + ": " + std::string(reason) + ".")
        .WithRemedy({"endpoint_url", std::nullopt});
  };
  Endpoint endpoint;
  const std::size_t separator = url.find("://");
  if (separator == std::string_view::npos) return invalid("bad URL, expected http(s)://host[:port]");
  endpoint.scheme = std::string(url.substr(0, separator));
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return invalid("bad URL, the scheme must be http or https");
  }
  std::string_view rest = url.substr(separator + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty()) return invalid("bad URL, no host");
  // The core's grammar of endpoint_url, again: a value read back from the
  // store was checked when it was written, but the store file may have been
  // edited since (found by fuzz/text_fuzz.cpp: control characters, bytes
  // that are not UTF-8 and backslashes passed here).
  if (rest.find_first_of("/?#@ ") != std::string_view::npos || !internal::CheckEndpointUrl(url).ok()) {
    return invalid("bad URL, only scheme, host and port are allowed");
  }
  endpoint.authority = std::string(rest);
  return endpoint;
}

Result<Endpoint> ParseConnectionEndpoint(const ConnectionInfo& info) {
  FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(info.endpoint_url));
  if (endpoint.scheme == "http" && !PlainHttpAllowed(info)) {
    return Error(ErrorCode::kInvalidEndpoint,
                 "Invalid endpoint " + info.endpoint_url + ": plain http sends data unencrypted; use https.")
        .WithRemedy(UnsafeEndpointRemedy(info.storage_type));
  }
  return endpoint;
}

}  // namespace flowfile::cloud
