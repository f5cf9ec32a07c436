// Enforces an EndpointPolicy on a connection's endpoint_url before anything
// is sent there.
#pragma once

#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/endpoint_policy.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

// Ok when `info` has no endpoint_url (the provider's own public hosts), when
// the policy refuses nothing, or when every address its host resolves to is
// allowed. Otherwise kInvalidEndpoint "Endpoint <url> is unreachable." (field
// endpoint_url), the same text whether the host does not resolve or resolves
// to a refused address. Resolves names (blocking).
Status CheckEndpointAllowed(const ConnectionInfo& info, const EndpointPolicy& policy);

// What CheckEndpointAllowed approved: the endpoint's host and the numeric
// addresses it checked for it. A client told to connect to these does not
// resolve the name again, so a second DNS answer (rebinding) cannot take it
// to a refused address. No addresses when nothing was resolved (no endpoint,
// no policy, or a host the administrator allowed by name).
struct ApprovedEndpoint {
  std::string host;
  std::vector<std::string> addresses;
};

// CheckEndpointAllowed, keeping what it approved; the same errors.
Result<ApprovedEndpoint> ApproveEndpoint(const ConnectionInfo& info, const EndpointPolicy& policy);

}  // namespace flowfile::cloud
