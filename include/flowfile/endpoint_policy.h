// Which hosts a connection's endpoint_url may reach from a shared server.
//
// On a server with accounts, a user who can set endpoint_url could make the
// server connect to its own loopback, its cloud metadata service or the
// private network behind it (SSRF). The policy refuses those addresses
// unless an administrator allowed them; the refusal says only that the
// endpoint is unreachable, so it tells nothing about what listens there.
#pragma once

#include <string>
#include <vector>

namespace flowfile {

struct EndpointPolicy {
  // Refuse endpoints that resolve to loopback (127.0.0.0/8, ::1), link-local
  // (169.254.0.0/16, fe80::/10), private (10/8, 172.16/12, 192.168/16,
  // 100.64/10, fc00::/7) or unspecified addresses. Default: false (one
  // person's own machine: local emulators are fine).
  bool refuse_internal = false;
  // Exceptions: host names or IP addresses as written in endpoint_url, or
  // "loopback", "link-local", "private" for a whole range.
  std::vector<std::string> allowed;
};

}  // namespace flowfile
