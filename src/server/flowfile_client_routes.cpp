// The routes of Flowfile's own server (flowfile_core 0.23.3) that its
// clients call, with its request and response fields: the cloud connection
// manager (/cloud_connections/...) and the cloud storage browser
// (/storage_browser/cloud). Every call goes through the caller's
// UserSession, as the /api/ routes do; this file only translates shapes.
#include <array>
#include <cctype>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection_view.h"
#include "src/server/api_errors.h"
#include "src/server/flowfile_client_api.h"
#include "src/server/routes.h"
#include "src/service/connection_json.h"

namespace flowfile::server {
namespace {

// Flowfile's FullCloudStorageConnectionInterface: the public fields its
// clients read. An empty text field is null there, as is "id" (connections
// are addressed by name here). "access" is Flowfile's sharing info: a user
// sees only their own connections, so each is the caller's, as owner.
constexpr std::array<std::string_view, 13> kInterfaceFields = {
    "storage_type",      "auth_method",    "connection_name", "aws_allow_unsafe_html", "aws_region",
    "aws_access_key_id", "aws_role_arn",   "aws_profile",     "azure_account_name",    "azure_tenant_id",
    "azure_client_id",   "gcs_project_id", "endpoint_url"};

nlohmann::json InterfaceJson(const ConnectionInfo& info) {
  const nlohmann::json owner = {{"is_owner", true}, {"access_level", "owner"}, {"shared_by", nullptr}};
  nlohmann::json out = {{"verify_ssl", info.verify_ssl}, {"id", nullptr}, {"access", owner}};
  for (const PublicField& field : PublicView(info)) {
    bool wanted = false;
    for (std::string_view name : kInterfaceFields) wanted = wanted || name == field.name;
    if (!wanted) continue;
    if (field.kind == PublicField::Kind::kFlag) {
      out[std::string(field.name)] = field.flag;
    } else {
      out[std::string(field.name)] = field.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(field.text);
    }
  }
  return out;
}

// A Flowfile request body, without what its responses carry and requests
// may echo back.
Result<nlohmann::json> ConnectionBody(const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  body.erase("access");
  return body;
}

nlohmann::json Message(std::string_view text) { return {{"message", text}}; }

Result<Reply> List(const UserSession& session, const httplib::Request&) {
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<ConnectionInfo> list, session.ListConnections());
  nlohmann::json out = nlohmann::json::array();
  for (const ConnectionInfo& info : list) out.push_back(InterfaceJson(info));
  return JsonReply(out);
}

Result<Reply> Create(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ConnectionBody(request));
  FLOWFILE_ASSIGN_OR_RETURN(Connection connection, service::ConnectionFromJson(body));
  FLOWFILE_RETURN_IF_ERROR(session.CreateConnection(connection));
  return JsonReply(Message("Cloud connection created successfully"));
}

// The name comes in the body, which holds the whole connection; secret
// fields left out or empty keep their stored values.
Result<Reply> Update(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ConnectionBody(request));
  if (!body.contains("connection_name") || !body["connection_name"].is_string()) {
    return InvalidField("connection_name", "is required.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo current,
                            session.GetConnection(body["connection_name"].get<std::string>()));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionUpdate update, service::UpdateFromJson(body, current));
  FLOWFILE_RETURN_IF_ERROR(session.UpdateConnection(current.connection_name, update));
  return JsonReply(Message("Cloud connection updated successfully"));
}

Result<Reply> Delete(const UserSession& session, const httplib::Request& request) {
  if (!request.has_param("connection_name")) return InvalidField("connection_name", "is required.");
  FLOWFILE_RETURN_IF_ERROR(session.DeleteConnection(request.get_param_value("connection_name")));
  return JsonReply(Message("Cloud connection deleted successfully"));
}

// UTC, as Flowfile's server writes a datetime: 2026-01-02T03:04:05Z.
std::string IsoTime(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text.data(), length);
}

std::string_view KindName(BrowseEntryKind kind) {
  switch (kind) {
    case BrowseEntryKind::kContainer:
      return "container";
    case BrowseEntryKind::kPrefix:
      return "prefix";
    case BrowseEntryKind::kObject:
      break;
  }
  return "object";
}

// One entry shaped like Flowfile's FileInfo: its browser shows names starting
// with '.' or '_' as hidden and a file's extension as its type.
nlohmann::json EntryJson(const BrowseEntry& entry) {
  std::string path = entry.path;
  if (path.ends_with('/') && !path.ends_with("://")) path.pop_back();
  std::string file_type;
  if (!entry.is_directory && entry.name.find('.') != std::string::npos) {
    file_type = entry.name.substr(entry.name.rfind('.') + 1);
    for (char& c : file_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return {{"name", entry.name},
          {"path", path},
          {"is_directory", entry.is_directory},
          {"size", entry.size},
          {"file_type", file_type},
          {"last_modified", entry.modified_unix_ms ? nlohmann::json(IsoTime(*entry.modified_unix_ms)) : nullptr},
          {"created_date", nullptr},
          {"is_hidden", entry.name.starts_with('.') || entry.name.starts_with('_')},
          {"exists", true},
          {"entry_kind", KindName(entry.kind)}};
}

Result<int> PageSize(const httplib::Request& request) {
  if (!request.has_param("page_size")) return 200;
  const std::string text = request.get_param_value("page_size");
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidField("page_size", "must be a whole number from 1 to 1000.");
  }
  return std::stoi(text);
}

Result<Reply> BrowseCloud(const UserSession& session, const httplib::Request& request) {
  BrowseRequest browse;
  browse.connection_name = request.get_param_value("connection_name");
  // Flowfile's node settings default the name to the text "None": unset.
  if (browse.connection_name == "None") browse.connection_name.clear();
  browse.path = request.get_param_value("path");
  browse.page_token = request.get_param_value("page_token");
  FLOWFILE_ASSIGN_OR_RETURN(browse.page_size, PageSize(request));
  if (const std::string type = request.get_param_value("storage_type"); !type.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(browse.storage_type, ParseStorageType(type));
  }
  FLOWFILE_ASSIGN_OR_RETURN(BrowsePage page, session.Browse(browse));
  nlohmann::json entries = nlohmann::json::array();
  for (const BrowseEntry& entry : page.entries) entries.push_back(EntryJson(entry));
  return JsonReply({{"path", page.path},
                    {"parent_path", page.is_root ? nlohmann::json(nullptr) : nlohmann::json(page.parent_path)},
                    {"is_root", page.is_root},
                    {"entries", entries},
                    {"truncated", !page.next_page_token.empty()},
                    {"next_token", page.next_page_token.empty() ? nlohmann::json(nullptr)
                                                                : nlohmann::json(page.next_page_token)},
                    {"root_listing_denied", page.root_listing_denied},
                    {"current_is_delta_table", page.is_delta_table},
                    {"current_is_iceberg_table", page.is_iceberg_table}});
}

}  // namespace

FlowfileClientRoutes::FlowfileClientRoutes(httplib::Server& http, ServerContext& context)
    : cloud_connections_(http, context, CloudConnectionsDialect()),
      storage_browser_(http, context, StorageBrowserDialect()) {
  const auto as_user = [&context](auto use_case) -> RouteHandler {
    return [&context, use_case](const std::optional<Caller>& caller, const httplib::Request& request) {
      return use_case(context.engine->ForUser(caller->user), request);
    };
  };
  cloud_connections_.Get("/cloud_connections/cloud_connections", Access::kSignedIn, as_user(List));
  cloud_connections_.Post("/cloud_connections/cloud_connection", Access::kSignedIn, as_user(Create));
  cloud_connections_.Put("/cloud_connections/cloud_connection", Access::kSignedIn, as_user(Update));
  cloud_connections_.Delete("/cloud_connections/cloud_connection", Access::kSignedIn, as_user(Delete));
  storage_browser_.Get("/storage_browser/cloud", Access::kSignedIn, as_user(BrowseCloud));
}

}  // namespace flowfile::server
