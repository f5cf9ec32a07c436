// What an administrator grants one account (accounts mode):
// /api/accounts/{name}/grants, one grant each by PUT and DELETE.
#include <string>
#include <vector>

#include "src/server/reply.h"
#include "src/server/routes.h"
#include "src/service/accounts/account_store.h"

namespace flowfile::server {
namespace {

// Account names as ValidateAccountName allows them; grants as kGrants spells them.
constexpr const char* kAccountGrants = R"(/api/accounts/([A-Za-z0-9._@-]{1,64})/grants)";
constexpr const char* kAccountGrant = R"(/api/accounts/([A-Za-z0-9._@-]{1,64})/grants/([a-z-]{1,64}))";

Error NoAccounts() { return Error(ErrorCode::kNotFound, "This server has no accounts."); }

// The account's grants as they are now.
Result<Reply> Grants(ServerContext& context, const std::string& name) {
  if (!context.accounts) return NoAccounts();
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, context.accounts->GrantsOf(name));
  return JsonReply({{"name", name}, {"grants", grants}});
}

RouteHandler ChangeGrant(ServerContext& context, bool granted) {
  return [&context, granted](const auto&, const httplib::Request& request) -> Result<Reply> {
    if (!context.accounts) return NoAccounts();
    const std::string name = request.matches[1];
    FLOWFILE_RETURN_IF_ERROR(context.accounts->SetGrant(name, std::string(request.matches[2]), granted));
    return Grants(context, name);
  };
}

}  // namespace

void RegisterAccountGrantRoutes(Router& router, ServerContext& context) {
  router.Get(kAccountGrants, Access::kAdmin, RouteHandler([&context](const auto&, const auto& request) {
               return Grants(context, request.matches[1]);
             }));
  router.Put(kAccountGrant, Access::kAdmin, ChangeGrant(context, true));
  router.Delete(kAccountGrant, Access::kAdmin, ChangeGrant(context, false));
}

}  // namespace flowfile::server
