#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection_fields.h"
#include "src/core/text_checks.h"
#include "src/store/postgres/pg_rows.h"
#include "src/store/secret_field_list.h"

namespace flowfile::postgres {
namespace {

// "aws_region, ..., verify_ssl" from the tables of connection_fields.h, with
// `prefix` before each name; with `first_mark`, " = $n" after each.
std::string PublicColumns(std::string_view prefix, int first_mark = 0) {
  std::string columns;
  int mark = first_mark;
  auto add = [&](std::string_view name) {
    if (!columns.empty()) columns += ", ";
    columns.append(prefix).append(name);
    if (first_mark > 0) columns += " = $" + std::to_string(mark++);
  };
  for (const TextFieldSpec& field : kTextFields) add(field.name);
  for (const FlagFieldSpec& field : kFlagFields) add(field.name);
  return columns;
}

constexpr int kPublicCount = static_cast<int>(kTextFields.size() + kFlagFields.size());

// "$first, ..., $(first + count - 1)".
std::string Marks(int first, int count) {
  std::string marks;
  for (int i = 0; i < count; ++i) marks += (i == 0 ? "$" : ", $") + std::to_string(first + i);
  return marks;
}

const std::string& SelectSql() {
  static const std::string sql =
      "SELECT c.id, c.name, c.storage_type, c.auth_method, " + PublicColumns("c.") +
      ", c.credentials_version, c.created_at, c.updated_at, c.last_used_at,"
      " (SELECT string_agg(s.field, ',') FROM connection_secrets s WHERE s.connection_id = c.id)"
      " FROM connections c ";
  return sql;
}

Error Unreadable(std::string_view what) {
  return Error(ErrorCode::kInternal,
               "The store holds " + std::string(what) + " this flowfile does not know: upgrade flowfile.");
}

Result<ConnectionInfo> ReadRow(const PgResult& rows, int row) {
  ConnectionInfo info;
  int column = 0;
  info.id = rows.Int(row, column++);
  info.connection_name = rows.Text(row, column++);
  Result<StorageType> storage = ParseStorageType(rows.Text(row, column++));
  if (!storage.ok()) return Unreadable("a storage type");
  info.storage_type = *storage;
  Result<AuthMethod> method = ParseAuthMethod(rows.Text(row, column++));
  if (!method.ok()) return Unreadable("an auth method");
  info.auth_method = *method;
  for (const TextFieldSpec& field : kTextFields) info.*field.member = rows.Text(row, column++);
  for (const FlagFieldSpec& field : kFlagFields) info.*field.member = rows.Int(row, column++) != 0;
  info.credentials_version = rows.Int(row, column++);
  info.created_at = rows.Int(row, column++);
  info.updated_at = rows.Int(row, column++);
  info.last_used_at = rows.Int(row, column++);
  const std::string fields = rows.Text(row, column);
  std::optional<std::vector<SecretField>> secrets_set = store::ParseSecretFieldList(fields);
  if (!secrets_set) return Unreadable("a secret field");
  info.secrets_set = *std::move(secrets_set);
  return info;
}

Result<std::optional<ConnectionInfo>> FindOne(const PgResult& rows) {
  if (rows.rows() == 0) return std::optional<ConnectionInfo>();
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, ReadRow(rows, 0));
  return std::optional<ConnectionInfo>(std::move(info));
}

void AddPublicFields(Params& params, const ConnectionInfo& info) {
  params.Text(StorageTypeName(info.storage_type)).Text(AuthMethodName(info.auth_method));
  for (const TextFieldSpec& field : kTextFields) params.Text(info.*field.member);
  for (const FlagFieldSpec& field : kFlagFields) params.Int(info.*field.member ? 1 : 0);
}

}  // namespace

Result<std::optional<ConnectionInfo>> FindConnection(PgConnection& db, UserId user, std::string_view name,
                                                     bool for_update) {
  static const std::string sql = SelectSql() + "WHERE c.user_id = $1 AND c.name = $2";
  static const std::string locking = sql + " FOR NO KEY UPDATE OF c";
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec(for_update ? locking : sql, Params().Int(user).Text(name)));
  return FindOne(rows);
}

Result<std::optional<ConnectionInfo>> FindConnectionById(PgConnection& db, UserId user, std::int64_t id) {
  static const std::string sql = SelectSql() + "WHERE c.user_id = $1 AND c.id = $2";
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec(sql, Params().Int(user).Int(id)));
  return FindOne(rows);
}

Result<std::vector<ConnectionInfo>> ListConnections(PgConnection& db, UserId user) {
  static const std::string sql = SelectSql() + "WHERE c.user_id = $1 ORDER BY c.name COLLATE \"C\"";
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec(sql, Params().Int(user)));
  std::vector<ConnectionInfo> connections;
  for (int row = 0; row < rows.rows(); ++row) {
    FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, ReadRow(rows, row));
    connections.push_back(std::move(info));
  }
  return connections;
}

Result<std::optional<std::int64_t>> InsertConnectionRow(PgConnection& db, UserId user, const ConnectionInfo& info,
                                                        std::int64_t now) {
  // ON CONFLICT waits for a racing insert of the same (user, name) to end
  // and then does nothing: the caller reads the winner's row.
  static const std::string sql = "INSERT INTO connections (user_id, name, storage_type, auth_method, " +
                                 PublicColumns("") +
                                 ", credentials_version, created_at, updated_at, last_used_at) VALUES ($1, $2, " +
                                 Marks(3, kPublicCount + 2) + ", 1, " + Marks(kPublicCount + 5, 2) +
                                 ", 0) ON CONFLICT (user_id, name) DO NOTHING RETURNING id";
  Params params;
  params.Int(user).Text(info.connection_name);
  AddPublicFields(params, info);
  params.Int(now).Int(now);
  FLOWFILE_ASSIGN_OR_RETURN(PgResult inserted, db.Exec(sql, params));
  if (inserted.rows() == 0) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(inserted.Int(0, 0));
}

Status UpdateConnectionRow(PgConnection& db, const ConnectionInfo& info) {
  static const std::string sql =
      "UPDATE connections SET storage_type = $1, auth_method = $2, " + PublicColumns("", 3) +
      ", credentials_version = $" + std::to_string(kPublicCount + 3) + ", updated_at = $" +
      std::to_string(kPublicCount + 4) + " WHERE id = $" + std::to_string(kPublicCount + 5);
  Params params;
  AddPublicFields(params, info);
  params.Int(info.credentials_version).Int(info.updated_at).Int(info.id);
  return db.Run(sql, params);
}

Result<UserId> InsertUser(PgConnection& db, std::string_view name, std::int64_t now) {
  const std::size_t length = internal::Utf8Length(name);
  if (length == 0 || length > 100 || !internal::IsValidUtf8(name) || internal::HasControlCharacter(name)) {
    return Error(ErrorCode::kInvalidArgument, "A user name must be 1 to 100 printable characters.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult inserted,
      db.Exec("INSERT INTO users (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id",
              Params().Text(name).Int(now)));
  if (inserted.rows() == 0) {
    return Error(ErrorCode::kAlreadyExists, "A user named '" + std::string(name) + "' already exists.");
  }
  return inserted.Int(0, 0);
}

Result<std::optional<UserId>> FindUserByName(PgConnection& db, std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult found, db.Exec("SELECT id FROM users WHERE name = $1", Params().Text(name)));
  if (found.rows() == 0) return std::optional<UserId>();
  return std::optional<UserId>(found.Int(0, 0));
}

Result<bool> UserExists(PgConnection& db, UserId user) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult found, db.Exec("SELECT 1 FROM users WHERE id = $1", Params().Int(user)));
  return found.rows() > 0;
}

Status InsertAuditEvent(PgConnection& db, const AuditEvent& event) {
  return db.Run(
      "INSERT INTO audit_log (at, user_id, connection_id, connection_name, action, outcome, detail) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      Params()
          .Int(event.at)
          .Int(event.user_id)
          .Int(event.connection_id)
          .Text(event.connection_name)
          .Text(event.action)
          .Text(event.outcome)
          .Text(event.detail));
}

Result<std::vector<AuditEvent>> ReadAuditLog(PgConnection& db, UserId user, int limit) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT at, user_id, connection_id, connection_name, action, outcome, detail FROM audit_log "
              "WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
              Params().Int(user).Int(limit)));
  std::vector<AuditEvent> events;
  events.reserve(rows.rows());
  for (int row = 0; row < rows.rows(); ++row) {
    events.push_back({rows.Int(row, 0), rows.Int(row, 1), rows.Int(row, 2), rows.Text(row, 3), rows.Text(row, 4),
                      rows.Text(row, 5), rows.Text(row, 6)});
  }
  return events;
}

}  // namespace flowfile::postgres
