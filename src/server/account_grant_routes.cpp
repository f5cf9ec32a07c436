// What an administrator grants one account (accounts mode):
// /api/accounts/{name}/grants, one grant each by PUT and DELETE.
#include <string>
#include <vector>

#include "src/server/api_errors.h"
#include "src/server/routes.h"
#include "src/service/accounts/account_store.h"

namespace flowfile::server {
namespace {

// Account names as ValidateAccountName allows them; grants as kGrants spells them.
constexpr const char* kAccountGrants = R"(/api/accounts/([A-Za-z0-9._@-]{1,64})/grants)";
constexpr const char* kAccountGrant = R"(/api/accounts/([A-Za-z0-9._@-]{1,64})/grants/([a-z-]{1,64}))";

// Answers with the account's grants as they are now.
void SendGrants(ServerContext& context, const std::string& name, httplib::Response& response) {
  Result<std::vector<std::string>> grants = context.accounts->GrantsOf(name);
  if (!grants.ok()) return SendError(response, grants.error());
  SendJson(response, 200, {{"name", name}, {"grants", *grants}});
}

ApiHandler ChangeGrant(ServerContext& context, bool granted) {
  return [&context, granted](const auto&, const auto& request, auto& response) {
    if (!context.accounts) return SendError(response, Error(ErrorCode::kNotFound, "This server has no accounts."));
    const std::string name = request.matches[1];
    if (Status changed = context.accounts->SetGrant(name, std::string(request.matches[2]), granted);
        !changed.ok()) {
      return SendError(response, changed.error());
    }
    SendGrants(context, name, response);
  };
}

}  // namespace

void RegisterAccountGrantRoutes(Router& router, ServerContext& context) {
  router.Get(kAccountGrants, Access::kAdmin, [&context](const auto&, const auto& request, auto& response) {
    if (!context.accounts) return SendError(response, Error(ErrorCode::kNotFound, "This server has no accounts."));
    SendGrants(context, request.matches[1], response);
  });
  router.Put(kAccountGrant, Access::kAdmin, ChangeGrant(context, true));
  router.Delete(kAccountGrant, Access::kAdmin, ChangeGrant(context, false));
}

}  // namespace flowfile::server
