#include "src/store/sqlite/flow_schema.h"

namespace flowfile::sqlite {
namespace {

constexpr std::string_view kSteps[] = {
    // 1: flows, one document per name and user. The document is the
    // canvas's JSON; the service validates it before it gets here.
    R"sql(
      CREATE TABLE flows (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        document TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (user_id, name)
      );
    )sql",
};

}  // namespace

MigrationSet FlowSchema() { return {"flows", kSteps}; }

}  // namespace flowfile::sqlite
