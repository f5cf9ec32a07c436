// Cloud connections of the signed-in user. Every call goes through the
// caller's UserSession, so another user's connection is simply not found.
// Also the storage type x auth method table, for the UI's connection form.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"
#include "src/server/api_errors.h"
#include "src/server/routes.h"
#include "src/service/connection_json.h"

namespace flowfile::server {
namespace {
using service::ConnectionFromJson;
using service::ConnectionToJson;
using service::UpdateFromJson;

constexpr int kDefaultPageSize = 200;
constexpr int kMaxPageSize = 1000;

nlohmann::json ListJson(const std::vector<ConnectionInfo>& connections) {
  nlohmann::json list = nlohmann::json::array();
  for (const ConnectionInfo& info : connections) list.push_back(ConnectionToJson(info));
  return list;
}

// Applies a partial body to the stored connection `name`.
Result<ConnectionInfo> UpdateConnection(const UserSession& session, const std::string& name,
                                        const nlohmann::json& body) {
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo current, session.GetConnection(name));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionUpdate update, UpdateFromJson(body, current));
  return session.UpdateConnection(name, update);
}

Result<std::string> OptionalText(const nlohmann::json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return std::string();
  if (!body[field].is_string()) return InvalidField(field, "must be a string.");
  return body[field].get<std::string>();
}

nlohmann::json Names(const std::vector<std::string_view>& names) {
  nlohmann::json list = nlohmann::json::array();
  for (std::string_view name : names) list.push_back(name);
  return list;
}

nlohmann::json Names(const std::vector<SecretField>& fields) {
  nlohmann::json list = nlohmann::json::array();
  for (SecretField field : fields) list.push_back(SecretFieldName(field));
  return list;
}

// The core's table (connection_rules.h) by user-facing names: what the UI's
// form shows for each storage type and auth method, in the offered order.
nlohmann::json ConnectionRulesJson() {
  nlohmann::json text_fields = nlohmann::json::array();
  for (const TextFieldSpec& field : kTextFields) text_fields.push_back(field.name);
  // Flags in the order the storage types offer them (verify_ssl first); one
  // that no storage type offers can only keep its default, so is left out.
  std::vector<std::string_view> flag_order;
  for (StorageType type : kAllStorageTypes) {
    for (std::string_view name : FlagFieldsOf(type)) {
      if (std::find(flag_order.begin(), flag_order.end(), name) == flag_order.end()) flag_order.push_back(name);
    }
  }
  nlohmann::json flags = nlohmann::json::array();
  for (std::string_view name : flag_order) {
    for (const FlagFieldSpec& flag : kFlagFields) {
      if (flag.name == name) flags.push_back({{"name", flag.name}, {"default", flag.default_value}});
    }
  }
  nlohmann::json storage_types = nlohmann::json::array();
  for (StorageType type : kAllStorageTypes) {
    nlohmann::json methods = nlohmann::json::array();
    for (const AuthMethodRule& rule : ConnectionRules()) {
      if (rule.storage_type != type) continue;
      methods.push_back({{"value", AuthMethodName(rule.auth_method)},
                         {"required", Names(rule.required_text)},
                         {"optional", Names(rule.optional_text)},
                         {"secrets_required", Names(rule.required_secrets)},
                         {"secrets_optional", Names(rule.optional_secrets)}});
    }
    storage_types.push_back({{"value", StorageTypeName(type)},
                             {"flags", Names(FlagFieldsOf(type))},
                             {"auth_methods", methods},
                             {"default_auth_method", AuthMethodName(DefaultAuthMethod(type))}});
  }
  return {{"text_fields", text_fields},
          {"flags", flags},
          {"common_optional", Names(CommonOptionalTextFields())},
          {"storage_types", storage_types}};
}

// Reads `page_size` of a browse request: 1 to kMaxPageSize, by default kDefaultPageSize.
Result<int> PageSize(const httplib::Request& request) {
  if (!request.has_param("page_size")) return kDefaultPageSize;
  const std::string text = request.get_param_value("page_size");
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < 1 || std::stoi(text) > kMaxPageSize) {
    return InvalidField("page_size", "must be a whole number from 1 to 1000.");
  }
  return std::stoi(text);
}

nlohmann::json BrowseJson(const BrowsePage& page) {
  nlohmann::json entries = nlohmann::json::array();
  for (const BrowseEntry& entry : page.entries) {
    entries.push_back({{"path", entry.path}, {"is_directory", entry.is_directory}, {"size", entry.size}});
  }
  const nlohmann::json table = page.is_delta_table     ? nlohmann::json("delta")
                               : page.is_iceberg_table ? nlohmann::json("iceberg")
                                                       : nlohmann::json(nullptr);
  return {{"entries", entries}, {"next_page_token", page.next_page_token}, {"table", table}};
}

Result<Reply> Create(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  FLOWFILE_ASSIGN_OR_RETURN(Connection connection, ConnectionFromJson(body));
  if (request.get_param_value("if_not_exists") == "true") {
    FLOWFILE_ASSIGN_OR_RETURN(CreateOutcome outcome, session.CreateConnectionIfNotExists(connection));
    return JsonReply({{"connection", ConnectionToJson(outcome.connection)}, {"created", outcome.created}},
                     outcome.created ? 201 : 200);
  }
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo created, session.CreateConnection(connection));
  return JsonReply({{"connection", ConnectionToJson(created)}, {"created", true}}, 201);
}

Result<Reply> Rename(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  if (!body.contains("new_name")) return InvalidField("new_name", "is required.");
  FLOWFILE_ASSIGN_OR_RETURN(std::string new_name, OptionalText(body, "new_name"));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo renamed, session.RenameConnection(request.matches[1].str(), new_name));
  return JsonReply(ConnectionToJson(renamed));
}

Result<Reply> Test(const UserSession& session, const httplib::Request& request) {
  nlohmann::json body = nlohmann::json::object();
  if (!request.body.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(body, ParseJsonObject(request));
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string path, OptionalText(body, "path"));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionTestResult tested, session.TestConnection(request.matches[1].str(), path));
  nlohmann::json reply = {{"ok", tested.ok}, {"check", tested.check}, {"message", tested.message}};
  if (tested.remedy) reply["remedy"] = RemedyJson(tested.remedy);
  return JsonReply(reply);
}

// POST /api/connection-rules/plain-http: the core's plain-http rule applied
// to a draft (the body of a create request, secrets optional), so a form can
// say before saving whether the endpoint needs the opt-in.
Result<Reply> CheckPlainHttpDraft(const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  FLOWFILE_ASSIGN_OR_RETURN(Connection draft, ConnectionFromJson(body));
  const Status status = CheckPlainHttp(draft.info);
  if (status.ok()) return JsonReply({{"allowed", true}});
  return JsonReply({{"allowed", false}, {"problem", ErrorJson(status.error())}});
}

}  // namespace

void RegisterConnectionRoutes(Router& router, ServerContext& context) {
  // Each handler acts through the caller's UserSession.
  const auto as_user = [&context](auto use_case) -> RouteHandler {
    return [&context, use_case](const std::optional<Caller>& caller, const httplib::Request& request) {
      return use_case(context.engine->ForUser(caller->user), request);
    };
  };

  router.Get("/api/connection-rules", Access::kSignedIn, [](const auto&, const auto&) -> Result<Reply> {
    static const nlohmann::json rules = ConnectionRulesJson();
    return JsonReply(rules);
  });

  router.Post(
      "/api/connection-rules/plain-http", Access::kSignedIn,
      [](const auto&, const httplib::Request& request) -> Result<Reply> { return CheckPlainHttpDraft(request); });

  router.Get("/api/connections", Access::kSignedIn,
             as_user([](const UserSession& session, const httplib::Request&) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(std::vector<ConnectionInfo> list, session.ListConnections());
               return JsonReply({{"connections", ListJson(list)}});
             }));

  router.Post("/api/connections", Access::kSignedIn, as_user(Create));

  router.Get(R"(/api/connections/([^/]+))", Access::kSignedIn,
             as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, session.GetConnection(request.matches[1].str()));
               return JsonReply(ConnectionToJson(info));
             }));

  router.Patch(R"(/api/connections/([^/]+))", Access::kSignedIn,
               as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
                 FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
                 FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo updated,
                                           UpdateConnection(session, request.matches[1].str(), body));
                 return JsonReply(ConnectionToJson(updated));
               }));

  router.Delete(R"(/api/connections/([^/]+))", Access::kSignedIn,
                as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
                  FLOWFILE_RETURN_IF_ERROR(session.DeleteConnection(request.matches[1].str()));
                  return NoContent();
                }));

  router.Post(R"(/api/connections/([^/]+)/rename)", Access::kSignedIn, as_user(Rename));
  router.Post(R"(/api/connections/([^/]+)/test)", Access::kSignedIn, as_user(Test));

  router.Get(R"(/api/connections/([^/]+)/browse)", Access::kSignedIn,
             as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(int page_size, PageSize(request));
               FLOWFILE_ASSIGN_OR_RETURN(BrowsePage page,
                                         session.Browse(request.matches[1].str(), request.get_param_value("path"),
                                                        request.get_param_value("page_token"), page_size));
               return JsonReply(BrowseJson(page));
             }));
}

}  // namespace flowfile::server
