// The SQLite AccountRecords: the account tables of flowfile.db, on a SQLite
// connection of their own. Calls are serialized by mutex_; processes sharing
// the file coordinate through BEGIN IMMEDIATE, as the connection store does.
#include <string>
#include <utility>

#include "src/core/mutex.h"
#include "src/store/account_records.h"
#include "src/store/sqlite/account_schema.h"
#include "src/store/sqlite/sqlite_database.h"
#include "src/store/sqlite/sqlite_migrations.h"
#include "src/store/sqlite/user_rows.h"

namespace flowfile::store {
namespace {

using sqlite::Database;
using sqlite::InTransaction;
using sqlite::Statement;

Account ReadAccount(const Statement& row, int first) {
  return Account{row.ColumnInt(first), row.ColumnText(first + 1), row.ColumnInt(first + 2) != 0,
                 row.ColumnInt(first + 3)};
}

class SqliteAccountRecords final : public AccountRecords {
 public:
  explicit SqliteAccountRecords(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Result<std::int64_t> CountAccounts() override {
    MutexLock lock(mutex_);
    return CountLocked();
  }

  Result<InsertedAccount> InsertAccount(const NewAccountRow& row, bool only_if_none) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<InsertedAccount> {
      mutex_.AssertHeld();
      if (only_if_none) {
        FLOWFILE_ASSIGN_OR_RETURN(std::int64_t count, CountLocked());
        if (count > 0) return InsertedAccount{AccountInsert::kSetupDone};
      }
      Result<UserId> user = sqlite::InsertUser(*db_, row.name, row.created_at);
      if (!user.ok() && user.error().code() == ErrorCode::kAlreadyExists) {
        FLOWFILE_ASSIGN_OR_RETURN(UserId existing, sqlite::FindUserByName(*db_, row.name));
        FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, ByUserLocked(existing));
        if (existing == kLocalUserId || account) return InsertedAccount{AccountInsert::kNameTaken};
        user = existing;
      }
      if (!user.ok()) return user.error();
      FLOWFILE_ASSIGN_OR_RETURN(Statement insert,
                                db_->Prepare("INSERT INTO accounts (user_id, name, password_hash, is_admin, "
                                             "created_at) VALUES (?, ?, ?, ?, ?)"));
      insert.Bind(1, *user)
          .Bind(2, std::string_view(row.name))
          .Bind(3, std::string_view(row.password_hash))
          .Bind(4, std::int64_t{row.is_admin ? 1 : 0})
          .Bind(5, row.created_at);
      FLOWFILE_RETURN_IF_ERROR(insert.Run());
      return InsertedAccount{AccountInsert::kInserted, *user};
    });
  }

  Result<std::optional<std::pair<Account, std::string>>> FindAccountByName(std::string_view name) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db_->Prepare("SELECT user_id, name, is_admin, created_at, password_hash FROM accounts WHERE name = ?"));
    query.Bind(1, name);
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return std::optional<std::pair<Account, std::string>>();
    return std::optional<std::pair<Account, std::string>>({ReadAccount(query, 0), query.ColumnText(4)});
  }

  Result<std::optional<Account>> FindAccountByUser(UserId user) override {
    MutexLock lock(mutex_);
    return ByUserLocked(user);
  }

  Result<std::vector<Account>> ListAccounts() override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query, db_->Prepare("SELECT user_id, name, is_admin, created_at FROM accounts ORDER BY name"));
    std::vector<Account> accounts;
    while (true) {
      FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) return accounts;
      accounts.push_back(ReadAccount(query, 0));
    }
  }

  Result<bool> DeleteAccount(UserId user) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<bool> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, ByUserLocked(user));
      if (!account || user == kLocalUserId) return false;
      // Sessions and tokens go with the account, secrets with the
      // connections (ON DELETE CASCADE). Account names cannot hold ':'.
      for (std::string_view sql :
           {"DELETE FROM accounts WHERE user_id = ?", "DELETE FROM connections WHERE user_id = ?",
            "UPDATE users SET name = 'deleted:' || id WHERE id = ?"}) {
        FLOWFILE_ASSIGN_OR_RETURN(Statement step, db_->Prepare(sql));
        FLOWFILE_RETURN_IF_ERROR(step.Bind(1, user).Run());
      }
      return true;
    });
  }

  Result<bool> ReplacePasswordHash(UserId user, std::string_view password_hash) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<bool> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(Statement update,
                                db_->Prepare("UPDATE accounts SET password_hash = ? WHERE user_id = ?"));
      FLOWFILE_RETURN_IF_ERROR(update.Bind(1, password_hash).Bind(2, user).Run());
      if (db_->Changes() == 0) return false;
      FLOWFILE_ASSIGN_OR_RETURN(Statement end, db_->Prepare("DELETE FROM account_sessions WHERE user_id = ?"));
      FLOWFILE_RETURN_IF_ERROR(end.Bind(1, user).Run());
      return true;
    });
  }

  Result<std::vector<std::string>> GrantsOf(UserId user) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db_->Prepare("SELECT grant_name FROM account_grants WHERE user_id = ? ORDER BY grant_name"));
    query.Bind(1, user);
    std::vector<std::string> grants;
    while (true) {
      FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) return grants;
      grants.push_back(query.ColumnText(0));
    }
  }

  Result<bool> SetGrant(UserId user, std::string_view grant, bool granted) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<bool> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, ByUserLocked(user));
      if (!account) return false;
      FLOWFILE_ASSIGN_OR_RETURN(
          Statement change,
          db_->Prepare(granted ? "INSERT OR IGNORE INTO account_grants (user_id, grant_name) VALUES (?, ?)"
                               : "DELETE FROM account_grants WHERE user_id = ? AND grant_name = ?"));
      FLOWFILE_RETURN_IF_ERROR(change.Bind(1, user).Bind(2, grant).Run());
      return true;
    });
  }

  Status InsertSession(std::string_view digest, UserId user, std::string_view csrf_token, std::int64_t now,
                       std::int64_t expires_at) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement sweep, db_->Prepare("DELETE FROM account_sessions WHERE expires_at <= ?"));
    FLOWFILE_RETURN_IF_ERROR(sweep.Bind(1, now).Run());
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement insert, db_->Prepare("INSERT INTO account_sessions (digest, user_id, csrf_token, created_at, "
                                       "expires_at) VALUES (?, ?, ?, ?, ?)"));
    insert.Bind(1, digest).Bind(2, user).Bind(3, csrf_token).Bind(4, now).Bind(5, expires_at);
    return insert.Run();
  }

  Result<std::optional<StoredSession>> FindSession(std::string_view digest) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db_->Prepare("SELECT a.user_id, a.name, a.is_admin, a.created_at, s.csrf_token, s.expires_at "
                     "FROM account_sessions s JOIN accounts a ON a.user_id = s.user_id WHERE s.digest = ?"));
    query.Bind(1, digest);
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return std::optional<StoredSession>();
    return std::optional<StoredSession>({ReadAccount(query, 0), query.ColumnText(4), query.ColumnInt(5)});
  }

  Status DeleteSession(std::string_view digest) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement remove, db_->Prepare("DELETE FROM account_sessions WHERE digest = ?"));
    return remove.Bind(1, digest).Run();
  }

  Result<std::optional<ApiTokenInfo>> InsertApiToken(UserId user, std::string_view name, std::string_view digest,
                                                     std::int64_t now) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<std::optional<ApiTokenInfo>> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, ByUserLocked(user));
      if (!account) return std::optional<ApiTokenInfo>();
      FLOWFILE_ASSIGN_OR_RETURN(
          Statement insert,
          db_->Prepare("INSERT INTO api_tokens (user_id, name, digest, created_at) VALUES (?, ?, ?, ?)"));
      FLOWFILE_RETURN_IF_ERROR(insert.Bind(1, user).Bind(2, name).Bind(3, digest).Bind(4, now).Run());
      return std::optional<ApiTokenInfo>({db_->LastInsertId(), std::string(name), now, 0});
    });
  }

  Result<std::vector<ApiTokenInfo>> ListApiTokens(UserId user) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db_->Prepare("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id"));
    query.Bind(1, user);
    std::vector<ApiTokenInfo> tokens;
    while (true) {
      FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) return tokens;
      tokens.push_back({query.ColumnInt(0), query.ColumnText(1), query.ColumnInt(2), query.ColumnInt(3)});
    }
  }

  Result<bool> DeleteApiToken(UserId user, std::int64_t token_id) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement remove,
                              db_->Prepare("DELETE FROM api_tokens WHERE id = ? AND user_id = ?"));
    FLOWFILE_RETURN_IF_ERROR(remove.Bind(1, token_id).Bind(2, user).Run());
    return db_->Changes() > 0;
  }

  Result<std::optional<Account>> UseApiToken(std::string_view digest, std::int64_t now,
                                             std::int64_t touch_before) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(Statement query,
                              db_->Prepare("SELECT id, user_id, last_used_at FROM api_tokens WHERE digest = ?"));
    query.Bind(1, digest);
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return std::optional<Account>();
    const std::int64_t token_id = query.ColumnInt(0);
    const UserId user = query.ColumnInt(1);
    const std::int64_t last_used_at = query.ColumnInt(2);
    query.Reset();  // no open read while this connection writes
    if (last_used_at < touch_before) {
      FLOWFILE_ASSIGN_OR_RETURN(Statement touch,
                                db_->Prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"));
      FLOWFILE_RETURN_IF_ERROR(touch.Bind(1, now).Bind(2, token_id).Run());
    }
    return ByUserLocked(user);
  }

 private:
  Result<std::int64_t> CountLocked() FLOWFILE_REQUIRES(mutex_) {
    FLOWFILE_ASSIGN_OR_RETURN(Statement query, db_->Prepare("SELECT COUNT(*) FROM accounts"));
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    return has_row ? query.ColumnInt(0) : 0;
  }

  Result<std::optional<Account>> ByUserLocked(UserId user) FLOWFILE_REQUIRES(mutex_) {
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db_->Prepare("SELECT user_id, name, is_admin, created_at FROM accounts WHERE user_id = ?"));
    query.Bind(1, user);
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return std::optional<Account>();
    return std::optional<Account>(ReadAccount(query, 0));
  }

  Mutex mutex_;
  std::unique_ptr<Database> db_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace

Result<std::unique_ptr<AccountRecords>> OpenSqliteAccountRecords(const std::filesystem::path& path) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  FLOWFILE_RETURN_IF_ERROR(sqlite::MigrateToLatest(*db, sqlite::AccountSchema()));
  return std::unique_ptr<AccountRecords>(std::make_unique<SqliteAccountRecords>(std::move(db)));
}

}  // namespace flowfile::store
