// Who a call acts for: every store, cache and service call names its user.
#pragma once

#include <cstdint>

namespace flowfile {

// A user of the store: the local user in embedded use, an account's user on
// a server. Connections, flow runs and audit events belong to one user.
using UserId = std::int64_t;
// The single user of embedded (non-server) use.
inline constexpr UserId kLocalUserId = 1;

}  // namespace flowfile
