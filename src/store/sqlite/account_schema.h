// The schema of the server's account tables (component "accounts"), kept in
// the same flowfile.db as the connection store. Accounts link to the
// connection store's users table, which that store owns.
#pragma once

#include "src/store/sqlite/sqlite_migrations.h"

namespace flowfile::sqlite {

MigrationSet AccountSchema();

}  // namespace flowfile::sqlite
