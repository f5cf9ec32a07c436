// The PostgreSQL FlowRecords: the flows table beside the connection store's,
// shared by every instance. Each call is one transaction on a pooled
// connection; inserts use ON CONFLICT so a taken name never aborts one.
#include <string>
#include <utility>
#include <vector>

#include "src/store/flow_records.h"
#include "src/store/postgres/pg_migrations.h"
#include "src/store/postgres/pg_pool.h"

namespace flowfile::store {
namespace {

using postgres::Params;
using postgres::PgConnection;
using postgres::PgResult;

constexpr std::string_view kFlowSteps[] = {
    // 1: flows, as step 1 of the SQLite flows; names sort bytewise.
    R"sql(
      CREATE TABLE flows (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT COLLATE "C" NOT NULL,
        document TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (user_id, name)
      );
    )sql",
};

FlowRow ReadFlow(const PgResult& rows, int row) {
  return FlowRow{rows.Int(row, 0), rows.Text(row, 1), rows.Text(row, 2), rows.Int(row, 3), rows.Int(row, 4)};
}

std::optional<FlowRow> FirstFlow(const PgResult& rows) {
  if (rows.rows() == 0) return std::nullopt;
  return ReadFlow(rows, 0);
}

Result<std::optional<FlowRow>> Find(PgConnection& db, UserId user, std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec("SELECT id, name, document, created_at, updated_at FROM flows "
                                                   "WHERE user_id = $1 AND name = $2",
                                                   Params().Int(user).Text(name)));
  return FirstFlow(rows);
}

class PostgresFlowRecords final : public FlowRecords {
 public:
  explicit PostgresFlowRecords(std::unique_ptr<postgres::PgPool> pool) : pool_(std::move(pool)) {}

  Result<std::optional<FlowRow>> InsertFlow(UserId user, std::string_view name, std::string_view document,
                                            std::int64_t now) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::optional<FlowRow>> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult rows,
                                db.Exec("INSERT INTO flows (user_id, name, document, created_at, updated_at) "
                                        "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, name) DO NOTHING "
                                        "RETURNING id, name, document, created_at, updated_at",
                                        Params().Int(user).Text(name).Text(document).Int(now)));
      return FirstFlow(rows);
    });
  }

  Result<std::optional<FlowRow>> FindFlow(UserId user, std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) { return Find(db, user, name); });
  }

  Result<std::vector<FlowRow>> ListFlows(UserId user) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::vector<FlowRow>> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec("SELECT id, name, '', created_at, updated_at FROM flows "
                                                       "WHERE user_id = $1 ORDER BY name",
                                                       Params().Int(user)));
      std::vector<FlowRow> flows;
      flows.reserve(rows.rows());
      for (int row = 0; row < rows.rows(); ++row) flows.push_back(ReadFlow(rows, row));
      return flows;
    });
  }

  Result<std::optional<FlowRow>> ReplaceFlow(UserId user, std::string_view name, std::string_view document,
                                             std::int64_t now) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::optional<FlowRow>> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec("UPDATE flows SET document = $1, updated_at = $2 "
                                                       "WHERE user_id = $3 AND name = $4 "
                                                       "RETURNING id, name, document, created_at, updated_at",
                                                       Params().Text(document).Int(now).Int(user).Text(name)));
      return FirstFlow(rows);
    });
  }

  Result<FlowRename> RenameFlow(UserId user, std::string_view from, std::string_view to,
                                std::int64_t now) override {
    Result<FlowRename> renamed = pool_->Transact([&](PgConnection& db) -> Result<FlowRename> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<FlowRow> source, Find(db, user, from));
      if (!source) return FlowRename::kNotFound;
      if (from == to) return FlowRename::kRenamed;
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<FlowRow> taken, Find(db, user, to));
      if (taken) return FlowRename::kNameTaken;
      FLOWFILE_RETURN_IF_ERROR(db.Run("UPDATE flows SET name = $1, updated_at = $2 WHERE id = $3",
                                      Params().Text(to).Int(now).Int(source->id)));
      return FlowRename::kRenamed;
    });
    // Another instance took the name between the check and the update.
    if (!renamed.ok() && renamed.error().code() == ErrorCode::kAlreadyExists) return FlowRename::kNameTaken;
    return renamed;
  }

  Result<bool> DeleteFlow(UserId user, std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec("DELETE FROM flows WHERE user_id = $1 AND name = $2",
                                                       Params().Int(user).Text(name)));
      return rows.affected() > 0;
    });
  }

 private:
  std::unique_ptr<postgres::PgPool> pool_;
};

}  // namespace

Result<std::unique_ptr<FlowRecords>> OpenPostgresFlowRecords(const Secret& url) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgPool> pool, postgres::PgPool::Open(url));
  FLOWFILE_RETURN_IF_ERROR(postgres::MigrateToLatest(*pool, postgres::ConnectionSchema()));
  FLOWFILE_RETURN_IF_ERROR(postgres::MigrateToLatest(
      *pool, postgres::MigrationSet{"flows", std::span<const std::string_view>(kFlowSteps)}));
  return std::unique_ptr<FlowRecords>(std::make_unique<PostgresFlowRecords>(std::move(pool)));
}

}  // namespace flowfile::store
