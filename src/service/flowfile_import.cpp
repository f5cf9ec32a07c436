// UserSession::ImportFlowfileDatabase: upstream Flowfile's cloud storage
// connections into this user's store.
//
// Every secret is opened before anything is stored, so a wrong key imports
// nothing. Each connection is then created on its own: one we cannot take
// (its name exists here, an auth method we lack, a field our rules refuse)
// is skipped with the reason and the others still come.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"
#include "flowfile/engine.h"
#include "src/crypto/upstream_secret.h"
#include "src/service/embedded_engine.h"
#include "src/service/flowfile_keys.h"
#include "src/store/upstream/upstream_database.h"

namespace flowfile {
namespace {

using store::UpstreamConnectionRow;

constexpr std::string_view kUpstreamLocalUser = "local_user";

// Whose connections to import: see FlowfileImportRequest::upstream_user.
Result<std::optional<store::UpstreamUser>> ChooseUser(const std::vector<store::UpstreamUser>& users,
                                                      const std::vector<UpstreamConnectionRow>& rows,
                                                      const std::string& wanted) {
  std::map<std::int64_t, std::string> names;
  for (const store::UpstreamUser& user : users) names[user.id] = user.username;
  if (!wanted.empty()) {
    for (const store::UpstreamUser& user : users) {
      if (user.username == wanted) return std::optional(user);
    }
    std::string known;
    for (const auto& [id, name] : names) known += (known.empty() ? "" : ", ") + name;
    return Error(ErrorCode::kNotFound,
                 "No user '" + wanted + "' in the Flowfile database (its users: " + known + ").", "upstream_user");
  }
  std::set<std::int64_t> owners;
  for (const UpstreamConnectionRow& row : rows) owners.insert(row.user_id);
  for (std::int64_t owner : owners) {
    if (names[owner] == kUpstreamLocalUser) return std::optional(store::UpstreamUser{owner, names[owner]});
  }
  if (owners.empty()) return std::optional<store::UpstreamUser>();
  if (owners.size() == 1) return std::optional(store::UpstreamUser{*owners.begin(), names[*owners.begin()]});
  std::string listed;
  for (std::int64_t owner : owners) listed += (listed.empty() ? "" : ", ") + names[owner];
  return Error(
      ErrorCode::kInvalidArgument,
      "Several Flowfile users have connections (" + listed + "): name the one whose connections to import.",
      "upstream_user");
}

// The opened secrets of `rows` under one candidate key. kAccessDenied when
// the key does not open them; a secret in neither of upstream's formats
// leaves its connection out (`damaged`) without failing the others.
Result<std::vector<ConnectionSecrets>> OpenAll(const std::vector<const UpstreamConnectionRow*>& rows,
                                               const Secret& key, std::set<std::int64_t>& damaged) {
  std::vector<ConnectionSecrets> opened(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const store::UpstreamSealedSecret& sealed : rows[i]->secrets) {
      auto plain = crypto::OpenUpstreamSecret(key, sealed.encrypted_value);
      if (plain.ok()) {
        opened[i].set(sealed.field, std::move(*plain));
      } else if (plain.error().code() == ErrorCode::kInvalidArgument) {
        damaged.insert(rows[i]->id);
      } else {
        return plain.error();
      }
    }
  }
  return opened;
}

bool Contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The row's public fields that `rule` has a use for, into `info`; the others
// are named in `left_behind`.
void CopyPublicFields(const UpstreamConnectionRow& row, const AuthMethodRule& rule, ConnectionInfo& info,
                      std::vector<std::string>& left_behind) {
  const std::map<std::string_view, const std::string*> upstream_text = {
      {"aws_region", &row.aws_region},           {"aws_access_key_id", &row.aws_access_key_id},
      {"aws_role_arn", &row.aws_role_arn},       {"azure_account_name", &row.azure_account_name},
      {"azure_tenant_id", &row.azure_tenant_id}, {"azure_client_id", &row.azure_client_id},
      {"gcs_project_id", &row.gcs_project_id},   {"endpoint_url", &row.endpoint_url},
  };
  for (const TextFieldSpec& field : kTextFields) {
    auto value = upstream_text.find(field.name);
    if (value == upstream_text.end() || value->second->empty()) continue;
    if (Contains(rule.required_text, field.name) || Contains(rule.optional_text, field.name) ||
        Contains(CommonOptionalTextFields(), field.name)) {
      info.*field.member = *value->second;
    } else {
      left_behind.emplace_back(field.name);
    }
  }
  const std::map<std::string_view, std::optional<bool>> upstream_flags = {
      {"aws_allow_unsafe_html", row.aws_allow_unsafe_html}, {"verify_ssl", row.verify_ssl}};
  for (const FlagFieldSpec& field : kFlagFields) {
    const std::optional<bool> value = upstream_flags.at(field.name);
    if (!value || *value == field.default_value) continue;
    if (Contains(FlagFieldsOf(info.storage_type), field.name)) {
      info.*field.member = *value;
    } else {
      left_behind.emplace_back(field.name);
    }
  }
}

// The secrets that `rule` has a use for, into `connection`; the others are
// named in `left_behind`.
void CopySecrets(ConnectionSecrets secrets, const AuthMethodRule& rule, Connection& connection,
                 std::vector<std::string>& left_behind) {
  for (SecretField field : kAllSecretFields) {
    if (!secrets.has(field)) continue;
    const bool used = std::find(rule.required_secrets.begin(), rule.required_secrets.end(), field) !=
                          rule.required_secrets.end() ||
                      std::find(rule.optional_secrets.begin(), rule.optional_secrets.end(), field) !=
                          rule.optional_secrets.end();
    if (used) {
      connection.secrets.set(field, secrets.get(field));
    } else {
      left_behind.emplace_back(SecretFieldName(field));
    }
  }
}

// The connection a row becomes, or the reason it cannot. Fields our rule for
// its storage type x auth method has no use for are left behind and named
// in `left_behind` (upstream keeps e.g. an aws_region on Azure connections).
Result<Connection> ToConnection(const UpstreamConnectionRow& row, ConnectionSecrets secrets,
                                std::vector<std::string>& left_behind) {
  Connection connection;
  ConnectionInfo& info = connection.info;
  info.connection_name = row.connection_name;
  auto storage = ParseStorageType(row.storage_type);
  if (!storage.ok())
    return Error(ErrorCode::kInvalidArgument, "storage type '" + row.storage_type + "' is not supported");
  info.storage_type = *storage;
  auto method = ParseAuthMethod(row.auth_method);
  const AuthMethodRule* rule = method.ok() ? FindConnectionRule(info.storage_type, *method) : nullptr;
  if (rule == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "auth method '" + row.auth_method + "' is not supported for " +
                                                  std::string(StorageTypeName(info.storage_type)) +
                                                  " connections");
  }
  info.auth_method = *method;
  CopyPublicFields(row, *rule, info, left_behind);
  CopySecrets(std::move(secrets), *rule, connection, left_behind);
  if (!row.extra_config.empty() && row.extra_config != "null" && row.extra_config != "{}") {
    left_behind.emplace_back("extra_config");
  }
  return connection;
}

// The secrets of `rows` opened with the first candidate key that opens them
// all (naming it in `report`); rows with a damaged secret go to `damaged`.
Result<std::vector<ConnectionSecrets>> OpenWithFirstKey(const std::vector<const UpstreamConnectionRow*>& rows,
                                                        const FlowfileImportRequest& request,
                                                        FlowfileImportReport& report,
                                                        std::set<std::int64_t>& damaged) {
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<service::UpstreamMasterKey> keys,
                            service::ReadUpstreamMasterKeys(request.key));
  std::optional<Error> refused;
  std::string tried;
  for (service::UpstreamMasterKey& key : keys) {
    std::set<std::int64_t> damaged_here;
    auto opened = OpenAll(rows, key.key, damaged_here);
    if (opened.ok()) {
      damaged = std::move(damaged_here);
      report.key_source = key.source;
      return opened;
    }
    tried += (tried.empty() ? "" : ", ") + key.source;
    refused = opened.error();
  }
  if (!refused) return std::vector<ConnectionSecrets>(rows.size());  // no candidate key: nothing opened
  if (refused->code() != ErrorCode::kAccessDenied) return *refused;
  return Error(ErrorCode::kAccessDenied,
               "The Flowfile master key from " + tried + " does not open the secrets in " + report.database +
                   ": nothing was imported. Give the key of the installation that wrote this database (its "
                   ".secret_key file, or the FLOWFILE_MASTER_KEY it ran with).",
               "key");
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

Result<FlowfileImportReport> UserSession::ImportFlowfileDatabase(const FlowfileImportRequest& request) const {
  FLOWFILE_ASSIGN_OR_RETURN(auto upstream, store::UpstreamDatabase::Open(request.database));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<store::UpstreamUser> users, upstream->Users());
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<UpstreamConnectionRow> all_rows, upstream->CloudConnections());
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<store::UpstreamUser> owner,
                            ChooseUser(users, all_rows, request.upstream_user));

  FlowfileImportReport report;
  report.database = request.database.string();
  if (owner) report.upstream_user = owner->username;
  std::vector<const UpstreamConnectionRow*> rows;
  bool any_secret = false;
  for (const UpstreamConnectionRow& row : all_rows) {
    if (!owner || row.user_id != owner->id) continue;
    rows.push_back(&row);
    any_secret = any_secret || !row.secrets.empty();
  }

  // The first candidate key that opens every secret; with no secret to open
  // no key is needed (connections that use the host's own credentials).
  std::vector<ConnectionSecrets> secrets(rows.size());
  std::set<std::int64_t> damaged;
  if (any_secret) {
    FLOWFILE_ASSIGN_OR_RETURN(secrets, OpenWithFirstKey(rows, request, report, damaged));
  }

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const UpstreamConnectionRow& row = *rows[i];
    FlowfileImportItem item{row.connection_name, row.storage_type, row.auth_method, false, {}};
    std::vector<std::string> left_behind;
    if (damaged.count(row.id) > 0) {
      item.reason = "a secret is in neither of Flowfile's formats (a damaged database)";
    } else if (!row.dangling_secrets.empty()) {
      item.reason = "a secret it refers to is missing from the database";
    } else if (auto connection = ToConnection(row, std::move(secrets[i]), left_behind); !connection.ok()) {
      item.reason = connection.error().message();
    } else if (auto created = CreateConnection(*connection); created.ok()) {
      item.imported = true;
      if (!left_behind.empty()) item.reason = "left behind (unused by this auth method): " + Joined(left_behind);
    } else if (created.error().code() == ErrorCode::kAlreadyExists) {
      item.reason = "a connection named '" + row.connection_name + "' exists already";
    } else if (created.error().code() == ErrorCode::kInvalidArgument) {
      item.reason = created.error().message();
    } else {
      return created.error();
    }
    report.items.push_back(std::move(item));
  }
  return report;
}

}  // namespace flowfile
