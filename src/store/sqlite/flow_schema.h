// The schema of saved flows (component "flows"), kept in the same
// flowfile.db as the connection store, whose users table owns them.
#pragma once

#include "src/store/sqlite/sqlite_migrations.h"

namespace flowfile::sqlite {

MigrationSet FlowSchema();

}  // namespace flowfile::sqlite
