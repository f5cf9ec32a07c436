#include "src/store/sqlite/connection_rows.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection_fields.h"
#include "src/store/secret_field_list.h"

namespace flowfile::sqlite {
namespace {

// "aws_region, aws_access_key_id, ..., verify_ssl" with `prefix` before each
// and `suffix` after each.
std::string PublicColumns(std::string_view prefix, std::string_view suffix) {
  std::string columns;
  auto add = [&](std::string_view name) {
    if (!columns.empty()) columns += ", ";
    columns.append(prefix).append(name).append(suffix);
  };
  for (const TextFieldSpec& field : kTextFields) add(field.name);
  for (const FlagFieldSpec& field : kFlagFields) add(field.name);
  return columns;
}

// "?, ?, ..." with one mark per public column.
std::string PublicPlaceholders() {
  std::string marks;
  for (std::size_t i = 0; i < kTextFields.size() + kFlagFields.size(); ++i) marks += i == 0 ? "?" : ", ?";
  return marks;
}

// Column positions in a row of SelectSql().
constexpr int kIdColumn = 0;
constexpr int kNameColumn = 1;
constexpr int kStorageTypeColumn = 2;
constexpr int kAuthMethodColumn = 3;
constexpr int kFirstTextColumn = 4;
constexpr int kFirstFlagColumn = kFirstTextColumn + static_cast<int>(kTextFields.size());
constexpr int kCredentialsVersionColumn = kFirstFlagColumn + static_cast<int>(kFlagFields.size());
constexpr int kCreatedAtColumn = kCredentialsVersionColumn + 1;
constexpr int kUpdatedAtColumn = kCreatedAtColumn + 1;
constexpr int kLastUsedAtColumn = kUpdatedAtColumn + 1;
constexpr int kSecretsSetColumn = kLastUsedAtColumn + 1;

const std::string& SelectSql() {
  static const std::string sql =
      "SELECT c.id, c.name, c.storage_type, c.auth_method, " + PublicColumns("c.", "") +
      ", c.credentials_version, c.created_at, c.updated_at, c.last_used_at,"
      " (SELECT group_concat(s.field) FROM connection_secrets s WHERE s.connection_id = c.id)"
      " FROM connections c ";
  return sql;
}

Error Unreadable(std::string_view what) {
  return Error(ErrorCode::kInternal,
               "The store holds " + std::string(what) + " this flowfile does not know: upgrade flowfile.");
}

Result<ConnectionInfo> ReadRow(const Statement& row) {
  ConnectionInfo info;
  info.id = row.ColumnInt(kIdColumn);
  info.connection_name = row.ColumnText(kNameColumn);
  Result<StorageType> storage = ParseStorageType(row.ColumnText(kStorageTypeColumn));
  if (!storage.ok()) return Unreadable("a storage type");
  info.storage_type = *storage;
  Result<AuthMethod> method = ParseAuthMethod(row.ColumnText(kAuthMethodColumn));
  if (!method.ok()) return Unreadable("an auth method");
  info.auth_method = *method;
  int column = kFirstTextColumn;
  for (const TextFieldSpec& field : kTextFields) info.*field.member = row.ColumnText(column++);
  for (const FlagFieldSpec& field : kFlagFields) info.*field.member = row.ColumnInt(column++) != 0;
  info.credentials_version = row.ColumnInt(kCredentialsVersionColumn);
  info.created_at = row.ColumnInt(kCreatedAtColumn);
  info.updated_at = row.ColumnInt(kUpdatedAtColumn);
  info.last_used_at = row.ColumnInt(kLastUsedAtColumn);

  const std::string fields = row.ColumnText(kSecretsSetColumn);
  std::optional<std::vector<SecretField>> secrets_set = store::ParseSecretFieldList(fields);
  if (!secrets_set) return Unreadable("a secret field");
  info.secrets_set = *std::move(secrets_set);
  return info;
}

Result<std::optional<ConnectionInfo>> FindOne(Statement& query) {
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return std::optional<ConnectionInfo>();
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, ReadRow(query));
  return std::optional<ConnectionInfo>(std::move(info));
}

// Binds the public fields from `first`; returns the next free index.
int BindPublicFields(Statement& statement, int first, const ConnectionInfo& info) {
  int index = first;
  statement.Bind(index++, StorageTypeName(info.storage_type));
  statement.Bind(index++, AuthMethodName(info.auth_method));
  for (const TextFieldSpec& field : kTextFields) statement.Bind(index++, std::string_view(info.*field.member));
  for (const FlagFieldSpec& field : kFlagFields) statement.Bind(index++, std::int64_t{info.*field.member ? 1 : 0});
  return index;
}

}  // namespace

Result<std::optional<ConnectionInfo>> FindConnection(Database& db, UserId user, std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.PrepareCached(SelectSql() + "WHERE c.user_id = ? AND c.name = ?"));
  query.Bind(1, user).Bind(2, name);
  return FindOne(query);
}

Result<std::optional<ConnectionInfo>> FindConnectionById(Database& db, UserId user, std::int64_t id) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.PrepareCached(SelectSql() + "WHERE c.user_id = ? AND c.id = ?"));
  query.Bind(1, user).Bind(2, id);
  return FindOne(query);
}

Result<std::vector<ConnectionInfo>> ListConnections(Database& db, UserId user) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query,
                            db.PrepareCached(SelectSql() + "WHERE c.user_id = ? ORDER BY c.name"));
  query.Bind(1, user);
  std::vector<ConnectionInfo> connections;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return connections;
    FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, ReadRow(query));
    connections.push_back(std::move(info));
  }
}

Result<std::int64_t> InsertConnectionRow(Database& db, UserId user, const ConnectionInfo& info, std::int64_t now) {
  // A fresh id from the high-water mark, never one a deleted connection had.
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement next_id,
      db.PrepareCached("UPDATE connection_id_high_water SET value = value + 1 RETURNING value"));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, next_id.Step());
  if (!has_row) return Error(ErrorCode::kInternal, "The store has no connection id counter: it may be damaged.");
  const std::int64_t id = next_id.ColumnInt(0);
  next_id.Reset();
  static const std::string sql =
      "INSERT INTO connections (id, user_id, name, storage_type, auth_method, " + PublicColumns("", "") +
      ", credentials_version, created_at, updated_at, last_used_at) VALUES (?, ?, ?, ?, ?, " +
      PublicPlaceholders() + ", 1, ?, ?, 0)";
  FLOWFILE_ASSIGN_OR_RETURN(Statement insert, db.PrepareCached(sql));
  insert.Bind(1, id).Bind(2, user).Bind(3, std::string_view(info.connection_name));
  const int next = BindPublicFields(insert, 4, info);
  insert.Bind(next, now).Bind(next + 1, now);
  FLOWFILE_RETURN_IF_ERROR(insert.Run());
  return id;
}

Status UpdateConnectionRow(Database& db, const ConnectionInfo& info) {
  static const std::string sql = "UPDATE connections SET storage_type = ?, auth_method = ?, " +
                                 PublicColumns("", " = ?") +
                                 ", credentials_version = ?, updated_at = ? WHERE id = ?";
  FLOWFILE_ASSIGN_OR_RETURN(Statement update, db.PrepareCached(sql));
  const int next = BindPublicFields(update, 1, info);
  update.Bind(next, info.credentials_version).Bind(next + 1, info.updated_at).Bind(next + 2, info.id);
  return update.Run();
}

}  // namespace flowfile::sqlite
