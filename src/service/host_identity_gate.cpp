#include "src/service/host_identity_gate.h"

#include <algorithm>
#include <string>
#include <vector>

#include "flowfile/connection_rules.h"
#include "src/service/accounts/account_store.h"

namespace flowfile::service {

Status HostIdentityGate::Check(UserId user, const ConnectionInfo& info) const {
  if (records_ == nullptr || user == kLocalUserId || !UsesHostIdentity(info)) return Status::Ok();
  const std::string method(AuthMethodName(info.auth_method));
  if (!info.endpoint_url.empty()) {
    // Even with the grant: the host's keys would sign requests to a host the
    // user picked, who could then replay them against the real provider.
    return Error(ErrorCode::kAccessDenied,
                 "endpoint_url: auth_method '" + method +
                     "' signs with this server's own cloud identity, which is never sent to a custom endpoint: "
                     "remove endpoint_url, or use credentials of your own (for example access_key).",
                 "endpoint_url");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, records_->GrantsOf(user));
  if (std::find(grants.begin(), grants.end(), accounts::kAmbientIdentityGrant) != grants.end()) {
    return Status::Ok();
  }
  return Error(ErrorCode::kAccessDenied,
               "auth_method: '" + method +
                   "' uses this server's own cloud identity, which needs an administrator's grant (flowfile "
                   "users grant NAME " +
                   std::string(accounts::kAmbientIdentityGrant) +
                   "): ask for it, or use credentials of your own (for example access_key).",
               "auth_method");
}

}  // namespace flowfile::service
