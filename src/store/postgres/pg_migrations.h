// Forward-only schema migrations of the PostgreSQL store, per component, as
// in the SQLite store (sqlite_migrations.h): each component owns its ordered
// steps and its row in schema_version.
#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "src/store/postgres/pg_pool.h"

namespace flowfile::postgres {

struct MigrationSet {
  std::string_view component;
  // steps[i] moves the schema from version i to i + 1. Never edit a landed
  // step: append a new one.
  std::span<const std::string_view> steps;
  // What a step does beyond its SQL (re-sealing secrets needs the keyring),
  // called with each step's number (1-based) right after that step's SQL,
  // in the same transaction. Unset: the steps are SQL only.
  std::function<Status(PgConnection&, int step)> after_step = {};
};

// Brings one component's schema to its newest version in one transaction.
// Safe when several instances start at once: the transaction first takes a
// transaction-scoped advisory lock, so one instance migrates while the
// others wait and then find nothing left to do. A store written by a newer
// flowfile is refused with kInvalidArgument.
Status MigrateToLatest(PgPool& pool, const MigrationSet& migrations);

// The steps of the connection store ("connections") and the accounts.
// The connection store's after_step must run BindSecretsToDestinations
// (pg_rows.h) after kBindSecretsStep.
MigrationSet ConnectionSchema();
inline constexpr int kBindSecretsStep = 3;
MigrationSet AccountSchema();

}  // namespace flowfile::postgres
