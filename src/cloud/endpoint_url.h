// A connection's endpoint_url split into what Arrow's options take.
#pragma once

#include <string>
#include <string_view>

#include "flowfile/result.h"

namespace flowfile::cloud {

struct Endpoint {
  std::string scheme;     // "http" or "https"
  std::string authority;  // "host[:port]"
};

// Splits "https://host:port" (a trailing '/' is allowed). kInvalidEndpoint,
// naming the URL, for anything else: no scheme, a path, user info, a query.
Result<Endpoint> ParseEndpoint(std::string_view url);

// ParseEndpoint, refusing plain http unless `allow_plain_http`; the refusal
// names `opt_in` (e.g. "aws_allow_unsafe_html=True") as the setting for
// local/dev endpoints.
Result<Endpoint> ParseConnectionEndpoint(std::string_view url, bool allow_plain_http, std::string_view opt_in);

}  // namespace flowfile::cloud
