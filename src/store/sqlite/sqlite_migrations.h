// Forward-only schema migrations of the SQLite store, per component.
//
// Each component (connections, accounts, ...) owns an ordered list of steps
// and its own row in schema_version, so components evolve independently.
#pragma once

#include <span>
#include <string_view>

#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

struct MigrationSet {
  std::string_view component;
  // steps[i] moves the schema from version i to i + 1. Never edit a landed
  // step: append a new one.
  std::span<const std::string_view> steps;
};

// Brings one component's schema to its newest version, one transaction per
// step. Safe when several processes open the same file at once: each step
// re-reads the version under the write lock. A store written by a newer
// flowfile is refused with kInvalidArgument.
Status MigrateToLatest(Database& db, const MigrationSet& migrations);

// The version of a component's schema in this store (0: never migrated).
Result<int> SchemaVersion(Database& db, std::string_view component);

}  // namespace flowfile::sqlite
