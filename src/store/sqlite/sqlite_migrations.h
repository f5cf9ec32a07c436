// Forward-only schema migrations of the SQLite store.
#pragma once

#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// Brings the schema to the newest version, one transaction per step. Safe
// when several processes open the same file at once: each step re-reads the
// version under the write lock. A store newer than this build is refused.
Status MigrateToLatest(Database& db);

// The version this build writes.
int LatestSchemaVersion();

}  // namespace flowfile::sqlite
