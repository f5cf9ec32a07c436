// Cloud connections of the signed-in user, and the paths of the existing
// Flowfile client (/cloud_connections/...). Every call goes through the
// caller's UserSession, so another user's connection is simply not found.
// Also the storage type x auth method table, for the UI's connection form.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"
#include "src/server/api_errors.h"
#include "src/server/connection_json.h"
#include "src/server/routes.h"

namespace flowfile::server {
namespace {

constexpr int kDefaultPageSize = 200;
constexpr int kMaxPageSize = 1000;

UserSession SessionOf(ServerContext& context, const std::optional<Caller>& caller) {
  return context.engine->ForUser(caller->user);
}

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
      if (std::find(flag_order.begin(), flag_order.end(), name) == flag_order.end())
        flag_order.push_back(name);
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
    storage_types.push_back(
        {{"value", StorageTypeName(type)},
         {"flags", Names(FlagFieldsOf(type))},
         {"auth_methods", methods},
         {"default_auth_method", AuthMethodName(DefaultAuthMethod(type))}});
  }
  return {{"text_fields", text_fields},
          {"flags", flags},
          {"common_optional", Names(CommonOptionalTextFields())},
          {"storage_types", storage_types}};
}

}  // namespace

void RegisterConnectionRoutes(Router& router, ServerContext& context) {
  router.Get("/api/connection-rules", Access::kSignedIn, [](const auto&, const auto&, auto& response) {
    static const nlohmann::json rules = ConnectionRulesJson();
    SendJson(response, 200, rules);
  });

  router.Get("/api/connections", Access::kSignedIn,
             [&context](const auto& caller, const auto&, auto& response) {
               Result<std::vector<ConnectionInfo>> list = SessionOf(context, caller).ListConnections();
               if (!list.ok()) return SendError(response, list.error());
               SendJson(response, 200, {{"connections", ListJson(*list)}});
             });

  router.Post("/api/connections", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                Result<Connection> connection = ConnectionFromJson(*body);
                if (!connection.ok()) return SendError(response, connection.error());
                const UserSession session = SessionOf(context, caller);
                if (request.get_param_value("if_not_exists") == "true") {
                  Result<CreateOutcome> outcome = session.CreateConnectionIfNotExists(*connection);
                  if (!outcome.ok()) return SendError(response, outcome.error());
                  return SendJson(
                      response, outcome->created ? 201 : 200,
                      {{"connection", ConnectionToJson(outcome->connection)}, {"created", outcome->created}});
                }
                Result<ConnectionInfo> created = session.CreateConnection(*connection);
                if (!created.ok()) return SendError(response, created.error());
                SendJson(response, 201, {{"connection", ConnectionToJson(*created)}, {"created", true}});
              });

  router.Get(R"(/api/connections/([^/]+))", Access::kSignedIn,
             [&context](const auto& caller, const auto& request, auto& response) {
               Result<ConnectionInfo> info =
                   SessionOf(context, caller).GetConnection(request.matches[1].str());
               if (!info.ok()) return SendError(response, info.error());
               SendJson(response, 200, ConnectionToJson(*info));
             });

  router.Patch(R"(/api/connections/([^/]+))", Access::kSignedIn,
               [&context](const auto& caller, const auto& request, auto& response) {
                 Result<nlohmann::json> body = ParseJsonObject(request);
                 if (!body.ok()) return SendError(response, body.error());
                 Result<ConnectionInfo> updated =
                     UpdateConnection(SessionOf(context, caller), request.matches[1].str(), *body);
                 if (!updated.ok()) return SendError(response, updated.error());
                 SendJson(response, 200, ConnectionToJson(*updated));
               });

  router.Delete(R"(/api/connections/([^/]+))", Access::kSignedIn,
                [&context](const auto& caller, const auto& request, auto& response) {
                  Status deleted = SessionOf(context, caller).DeleteConnection(request.matches[1].str());
                  if (!deleted.ok()) return SendError(response, deleted.error());
                  response.status = 204;
                });

  router.Post(R"(/api/connections/([^/]+)/rename)", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                if (!body->contains("new_name"))
                  return SendError(response, InvalidField("new_name", "is required."));
                Result<std::string> new_name = OptionalText(*body, "new_name");
                if (!new_name.ok()) return SendError(response, new_name.error());
                Result<ConnectionInfo> renamed =
                    SessionOf(context, caller).RenameConnection(request.matches[1].str(), *new_name);
                if (!renamed.ok()) return SendError(response, renamed.error());
                SendJson(response, 200, ConnectionToJson(*renamed));
              });

  router.Post(
      R"(/api/connections/([^/]+)/test)", Access::kSignedIn,
      [&context](const auto& caller, const auto& request, auto& response) {
        nlohmann::json body = nlohmann::json::object();
        if (!request.body.empty()) {
          Result<nlohmann::json> parsed = ParseJsonObject(request);
          if (!parsed.ok()) return SendError(response, parsed.error());
          body = *parsed;
        }
        Result<std::string> path = OptionalText(body, "path");
        if (!path.ok()) return SendError(response, path.error());
        Result<ConnectionTestResult> tested =
            SessionOf(context, caller).TestConnection(request.matches[1].str(), *path);
        if (!tested.ok()) return SendError(response, tested.error());
        SendJson(response, 200, {{"ok", tested->ok}, {"check", tested->check}, {"message", tested->message}});
      });

  router.Get(
      R"(/api/connections/([^/]+)/browse)", Access::kSignedIn,
      [&context](const auto& caller, const auto& request, auto& response) {
        int page_size = kDefaultPageSize;
        if (request.has_param("page_size")) {
          const std::string text = request.get_param_value("page_size");
          if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos ||
              std::stoi(text) < 1 || std::stoi(text) > kMaxPageSize) {
            return SendError(response, InvalidField("page_size", "must be a whole number from 1 to 1000."));
          }
          page_size = std::stoi(text);
        }
        Result<BrowsePage> page = SessionOf(context, caller)
                                      .Browse(request.matches[1].str(), request.get_param_value("path"),
                                              request.get_param_value("page_token"), page_size);
        if (!page.ok()) return SendError(response, page.error());
        nlohmann::json entries = nlohmann::json::array();
        for (const BrowseEntry& entry : page->entries) {
          entries.push_back(
              {{"path", entry.path}, {"is_directory", entry.is_directory}, {"size", entry.size}});
        }
        SendJson(response, 200, {{"entries", entries}, {"next_page_token", page->next_page_token}});
      });

  // The existing Flowfile client's paths, same behaviour as above.
  router.Get("/cloud_connections/cloud_connections", Access::kSignedIn,
             [&context](const auto& caller, const auto&, auto& response) {
               Result<std::vector<ConnectionInfo>> list = SessionOf(context, caller).ListConnections();
               if (!list.ok()) return SendError(response, list.error());
               SendJson(response, 200, ListJson(*list));
             });

  router.Post("/cloud_connections/cloud_connection", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                Result<Connection> connection = ConnectionFromJson(*body);
                if (!connection.ok()) return SendError(response, connection.error());
                Result<ConnectionInfo> created = SessionOf(context, caller).CreateConnection(*connection);
                if (!created.ok()) return SendError(response, created.error());
                SendJson(response, 200,
                         {{"message", "Cloud connection created successfully"},
                          {"connection", ConnectionToJson(*created)}});
              });

  router.Put("/cloud_connections/cloud_connection", Access::kSignedIn,
             [&context](const auto& caller, const auto& request, auto& response) {
               Result<nlohmann::json> body = ParseJsonObject(request);
               if (!body.ok()) return SendError(response, body.error());
               Result<std::string> name = OptionalText(*body, "connection_name");
               if (!name.ok()) return SendError(response, name.error());
               if (name->empty()) return SendError(response, InvalidField("connection_name", "is required."));
               Result<ConnectionInfo> updated = UpdateConnection(SessionOf(context, caller), *name, *body);
               if (!updated.ok()) return SendError(response, updated.error());
               SendJson(response, 200,
                        {{"message", "Cloud connection updated successfully"},
                         {"connection", ConnectionToJson(*updated)}});
             });

  router.Delete("/cloud_connections/cloud_connection", Access::kSignedIn,
                [&context](const auto& caller, const auto& request, auto& response) {
                  const std::string name = request.get_param_value("connection_name");
                  if (name.empty())
                    return SendError(response, InvalidField("connection_name", "is required."));
                  Status deleted = SessionOf(context, caller).DeleteConnection(name);
                  if (!deleted.ok()) return SendError(response, deleted.error());
                  SendJson(response, 200, {{"message", "Cloud connection deleted successfully"}});
                });
}

}  // namespace flowfile::server
