// The SQLite FlowRecords: the flows table of flowfile.db, on a SQLite
// connection of its own. Calls are serialized by mutex_; processes sharing
// the file coordinate through BEGIN IMMEDIATE, as the connection store does.
#include <mutex>
#include <string>
#include <utility>

#include "src/store/flow_records.h"
#include "src/store/sqlite/flow_schema.h"
#include "src/store/sqlite/sqlite_database.h"
#include "src/store/sqlite/sqlite_migrations.h"

namespace flowfile::store {
namespace {

using sqlite::Database;
using sqlite::InTransaction;
using sqlite::Statement;

constexpr std::string_view kSelectFlow =
    "SELECT id, name, document, created_at, updated_at FROM flows WHERE user_id = ? AND name = ?";

FlowRow ReadFlow(const Statement& row) {
  return FlowRow{row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2), row.ColumnInt(3), row.ColumnInt(4)};
}

class SqliteFlowRecords final : public FlowRecords {
 public:
  explicit SqliteFlowRecords(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Result<std::optional<FlowRow>> InsertFlow(UserId user, std::string_view name, std::string_view document,
                                            std::int64_t now) override {
    std::lock_guard lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<std::optional<FlowRow>> {
      FLOWFILE_ASSIGN_OR_RETURN(Statement insert,
                                db_->Prepare("INSERT INTO flows (user_id, name, document, created_at, updated_at) "
                                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, name) DO NOTHING"));
      FLOWFILE_RETURN_IF_ERROR(
          insert.Bind(1, user).Bind(2, name).Bind(3, document).Bind(4, now).Bind(5, now).Run());
      if (db_->Changes() == 0) return std::optional<FlowRow>();
      return FindLocked(user, name);
    });
  }

  Result<std::optional<FlowRow>> FindFlow(UserId user, std::string_view name) override {
    std::lock_guard lock(mutex_);
    return FindLocked(user, name);
  }

  Result<std::vector<FlowRow>> ListFlows(UserId user) override {
    std::lock_guard lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement query,
                              db_->Prepare("SELECT id, name, '', created_at, updated_at FROM flows "
                                           "WHERE user_id = ? ORDER BY name COLLATE BINARY"));
    query.Bind(1, user);
    std::vector<FlowRow> rows;
    while (true) {
      FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) return rows;
      rows.push_back(ReadFlow(query));
    }
  }

  Result<std::optional<FlowRow>> ReplaceFlow(UserId user, std::string_view name, std::string_view document,
                                             std::int64_t now) override {
    std::lock_guard lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<std::optional<FlowRow>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          Statement update,
          db_->Prepare("UPDATE flows SET document = ?, updated_at = ? WHERE user_id = ? AND name = ?"));
      FLOWFILE_RETURN_IF_ERROR(update.Bind(1, document).Bind(2, now).Bind(3, user).Bind(4, name).Run());
      if (db_->Changes() == 0) return std::optional<FlowRow>();
      return FindLocked(user, name);
    });
  }

  Result<FlowRename> RenameFlow(UserId user, std::string_view from, std::string_view to,
                                std::int64_t now) override {
    std::lock_guard lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<FlowRename> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<FlowRow> source, FindLocked(user, from));
      if (!source) return FlowRename::kNotFound;
      if (from == to) return FlowRename::kRenamed;
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<FlowRow> taken, FindLocked(user, to));
      if (taken) return FlowRename::kNameTaken;
      FLOWFILE_ASSIGN_OR_RETURN(Statement update,
                                db_->Prepare("UPDATE flows SET name = ?, updated_at = ? WHERE id = ?"));
      FLOWFILE_RETURN_IF_ERROR(update.Bind(1, to).Bind(2, now).Bind(3, source->id).Run());
      return FlowRename::kRenamed;
    });
  }

  Result<bool> DeleteFlow(UserId user, std::string_view name) override {
    std::lock_guard lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement remove, db_->Prepare("DELETE FROM flows WHERE user_id = ? AND name = ?"));
    FLOWFILE_RETURN_IF_ERROR(remove.Bind(1, user).Bind(2, name).Run());
    return db_->Changes() > 0;
  }

 private:
  Result<std::optional<FlowRow>> FindLocked(UserId user, std::string_view name) {
    FLOWFILE_ASSIGN_OR_RETURN(Statement query, db_->Prepare(kSelectFlow));
    query.Bind(1, user).Bind(2, name);
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return std::optional<FlowRow>();
    return std::optional<FlowRow>(ReadFlow(query));
  }

  std::mutex mutex_;
  std::unique_ptr<Database> db_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<FlowRecords>> OpenSqliteFlowRecords(const std::filesystem::path& path) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  FLOWFILE_RETURN_IF_ERROR(sqlite::MigrateToLatest(*db, sqlite::FlowSchema()));
  return std::unique_ptr<FlowRecords>(std::make_unique<SqliteFlowRecords>(std::move(db)));
}

}  // namespace flowfile::store
