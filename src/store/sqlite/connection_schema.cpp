#include "src/store/sqlite/connection_schema.h"

namespace flowfile::sqlite {
namespace {

constexpr std::string_view kSteps[] = {
    // 1: users, with the single local user of embedded mode (id 1).
    R"sql(
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      INSERT INTO users (id, name, created_at) VALUES (1, 'local', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
    )sql",
};

}  // namespace

MigrationSet ConnectionSchema() { return {"connections", kSteps}; }

}  // namespace flowfile::sqlite
