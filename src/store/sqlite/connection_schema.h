// The schema of the connection store's tables (component "connections").
#pragma once

#include "src/store/sqlite/sqlite_migrations.h"

namespace flowfile::sqlite {

MigrationSet ConnectionSchema();

}  // namespace flowfile::sqlite
