#include "src/store/postgres/pg_migrations.h"

#include <string>

namespace flowfile::postgres {
namespace {

// The advisory lock key every flowfile migration takes (any fixed number
// that no other lock of the database uses; "flowfile" in ASCII hex).
constexpr std::int64_t kMigrationLock = 0x666c6f7766696c65;

}  // namespace

Status MigrateToLatest(PgPool& pool, const MigrationSet& migrations) {
  const int latest = static_cast<int>(migrations.steps.size());
  const std::string component(migrations.component);
  return pool.Transact([&](PgConnection& db) -> Status {
    FLOWFILE_RETURN_IF_ERROR(db.Run("SELECT pg_advisory_xact_lock($1)", Params().Int(kMigrationLock)));
    FLOWFILE_RETURN_IF_ERROR(db.Run(
        "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"));
    FLOWFILE_ASSIGN_OR_RETURN(PgResult current, db.Exec("SELECT version FROM schema_version WHERE component = $1",
                                                        Params().Text(component)));
    const int version = current.rows() > 0 ? static_cast<int>(current.Int(0, 0)) : 0;
    if (version > latest) {
      return Error(ErrorCode::kInvalidArgument,
                   "The store's " + component + " schema is version " + std::to_string(version) +
                       ", newer than this flowfile knows (" + std::to_string(latest) + "): upgrade flowfile.");
    }
    if (version == latest) return Status::Ok();
    for (int step = version; step < latest; ++step) {
      FLOWFILE_RETURN_IF_ERROR(db.Run(migrations.steps[static_cast<std::size_t>(step)]));
      if (migrations.after_step) FLOWFILE_RETURN_IF_ERROR(migrations.after_step(db, step + 1));
    }
    return db.Run(
        "INSERT INTO schema_version (component, version) VALUES ($1, $2) "
        "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
        Params().Text(component).Int(latest));
  });
}

}  // namespace flowfile::postgres
