// A connection's endpoint_url split into what Arrow's options take.
#pragma once

#include <string>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

struct Endpoint {
  std::string scheme;     // "http" or "https"
  std::string authority;  // "host[:port]"
};

// Splits "https://host:port" (a trailing '/' is allowed). kInvalidEndpoint,
// naming the URL, with endpoint_url as the setting to check, for anything else: no scheme, a path, user info, a
// query.
Result<Endpoint> ParseEndpoint(std::string_view url);

// ParseEndpoint of the connection's endpoint_url, refusing plain http where
// the core's rule (PlainHttpAllowed) does; the refusal carries the opt-in
// as its remedy (UnsafeEndpointRemedy), for local/dev endpoints.
Result<Endpoint> ParseConnectionEndpoint(const ConnectionInfo& info);

}  // namespace flowfile::cloud
