#include "src/store/sqlite/sqlite_migrations.h"

#include <string>
#include <string_view>

namespace flowfile::sqlite {
namespace {

// Each entry moves the schema from version (index) to version (index + 1).
// Never edit a landed entry: append a new one.
constexpr std::string_view kMigrations[] = {
    // 1: users, with the single local user of embedded mode.
    R"sql(
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      INSERT INTO users (id, name, created_at) VALUES (1, 'local', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
    )sql",
};

Result<int> CurrentVersion(Database& db) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.Prepare("SELECT version FROM schema_version"));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row ? static_cast<int>(query.ColumnInt(0)) : 0;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status MigrateToLatest(Database& db) {
  FLOWFILE_RETURN_IF_ERROR(db.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  while (true) {
    Result<bool> stepped = InTransaction(db, [&]() -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(int version, CurrentVersion(db));
      if (version > LatestSchemaVersion()) {
        return Error(ErrorCode::kInvalidArgument,
                     "The store has schema version " + std::to_string(version) + ", newer than this flowfile (" +
                         std::to_string(LatestSchemaVersion()) + "): upgrade flowfile.");
      }
      if (version == LatestSchemaVersion()) return false;
      FLOWFILE_RETURN_IF_ERROR(db.Exec(kMigrations[version]));
      FLOWFILE_RETURN_IF_ERROR(db.Exec("DELETE FROM schema_version"));
      FLOWFILE_ASSIGN_OR_RETURN(Statement update, db.Prepare("INSERT INTO schema_version (version) VALUES (?)"));
      FLOWFILE_RETURN_IF_ERROR(update.Bind(1, static_cast<std::int64_t>(version + 1)).Run());
      return true;
    });
    if (!stepped.ok()) return stepped.error();
    if (!*stepped) return Status::Ok();
  }
}

}  // namespace flowfile::sqlite
