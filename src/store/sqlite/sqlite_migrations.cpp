#include "src/store/sqlite/sqlite_migrations.h"

#include <string>

namespace flowfile::sqlite {

Result<int> SchemaVersion(Database& db, std::string_view component) {
  FLOWFILE_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"));
  FLOWFILE_ASSIGN_OR_RETURN(Statement query, db.Prepare("SELECT version FROM schema_version WHERE component = ?"));
  query.Bind(1, component);
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row ? static_cast<int>(query.ColumnInt(0)) : 0;
}

Status MigrateToLatest(Database& db, const MigrationSet& migrations) {
  const int latest = static_cast<int>(migrations.steps.size());
  const std::string component(migrations.component);
  FLOWFILE_RETURN_IF_ERROR(SchemaVersion(db, component).status());
  while (true) {
    Result<bool> stepped = InTransaction(db, [&]() -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(int version, SchemaVersion(db, component));
      if (version > latest) {
        return Error(ErrorCode::kInvalidArgument,
                     "The store's " + component + " schema is version " + std::to_string(version) +
                         ", newer than this flowfile knows (" + std::to_string(latest) + "): upgrade flowfile.");
      }
      if (version == latest) return false;
      FLOWFILE_RETURN_IF_ERROR(db.Exec(migrations.steps[static_cast<std::size_t>(version)]));
      FLOWFILE_ASSIGN_OR_RETURN(Statement update,
                                db.Prepare("INSERT INTO schema_version (component, version) VALUES (?, ?) "
                                           "ON CONFLICT (component) DO UPDATE SET version = excluded.version"));
      FLOWFILE_RETURN_IF_ERROR(
          update.Bind(1, std::string_view(component)).Bind(2, std::int64_t{version + 1}).Run());
      return true;
    });
    if (!stepped.ok()) return stepped.error();
    if (!*stepped) return Status::Ok();
  }
}

}  // namespace flowfile::sqlite
