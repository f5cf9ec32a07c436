// Who may sign with the host's own cloud identity. On a shared server the
// host's ~/.aws profiles, environment, instance role, managed identity and
// Google default credentials are the server's, not its users': an account
// may use those auth methods only with the administrator's ambient-identity
// grant, and nobody may send them to an endpoint_url of their choosing.
// Internal to the service layer.
#pragma once

#include <memory>

#include "flowfile/connection.h"
#include "flowfile/result.h"
#include "flowfile/user.h"
#include "src/store/account_records.h"

namespace flowfile::service {

class HostIdentityGate {
 public:
  // Open: every user may use the host's identity (embedded use, one person).
  HostIdentityGate() = default;
  // Guarded by the grants kept in `records` (the server's account tables).
  explicit HostIdentityGate(std::unique_ptr<store::AccountRecords> records) : records_(std::move(records)) {}

  // Ok unless `info` uses the host's identity and `user` is a server user:
  // then kAccessDenied, field "endpoint_url" when it names an endpoint,
  // field "auth_method" when the account lacks the grant. The local user of
  // the store (the CLI and Python on the host) is never refused. Reads the
  // grant afresh, so a revoked grant holds from the next call on.
  Status Check(UserId user, const ConnectionInfo& info) const;

 private:
  std::unique_ptr<store::AccountRecords> records_;  // null: open
};

}  // namespace flowfile::service
