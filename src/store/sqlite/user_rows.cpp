#include "src/store/sqlite/user_rows.h"

#include <string>

#include "src/core/text_checks.h"

namespace flowfile::sqlite {

Result<UserId> InsertUser(Database& db, std::string_view name, std::int64_t now) {
  const std::size_t length = internal::Utf8Length(name);
  if (length == 0 || length > 100 || !internal::IsValidUtf8(name) || internal::HasControlCharacter(name)) {
    return Error(ErrorCode::kInvalidArgument, "A user name must be 1 to 100 printable characters.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement insert,
      db.PrepareCached("INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING"));
  FLOWFILE_RETURN_IF_ERROR(insert.Bind(1, name).Bind(2, now).Run());
  if (db.Changes() == 0) {
    return Error(ErrorCode::kAlreadyExists, "A user named '" + std::string(name) + "' already exists.");
  }
  return db.LastInsertId();
}

Result<UserId> FindUserByName(Database& db, std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.PrepareCached("SELECT id FROM users WHERE name = ?"));
  query.Bind(1, name);
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return Error(ErrorCode::kNotFound, "User not found: '" + std::string(name) + "'.");
  return query.ColumnInt(0);
}

Result<bool> UserExists(Database& db, UserId user) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.PrepareCached("SELECT 1 FROM users WHERE id = ?"));
  query.Bind(1, user);
  return query.Step();
}

}  // namespace flowfile::sqlite
