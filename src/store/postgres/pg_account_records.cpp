// The PostgreSQL AccountRecords: the account tables beside the connection
// store's, shared by every instance. Each call is one transaction on a
// pooled connection; the first account is created under an advisory lock,
// so two instances running first-run setup at once create one admin.
#include <string>
#include <utility>
#include <vector>

#include "src/store/account_records.h"
#include "src/store/flow_records.h"
#include "src/store/postgres/pg_migrations.h"
#include "src/store/postgres/pg_pool.h"
#include "src/store/postgres/pg_rows.h"
#include "src/store/postgres_backend.h"

namespace flowfile::store {
namespace {

using postgres::Params;
using postgres::PgConnection;
using postgres::PgResult;

// Advisory lock key of account creation ("ff-accts" in ASCII hex).
constexpr std::int64_t kAccountLock = 0x66662d6163637473;

Account ReadAccount(const PgResult& rows, int row, int first) {
  return Account{rows.Int(row, first), rows.Text(row, first + 1), rows.Int(row, first + 2) != 0,
                 rows.Int(row, first + 3)};
}

Result<std::optional<Account>> AccountOfUser(PgConnection& db, UserId user) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT user_id, name, is_admin, created_at FROM accounts WHERE user_id = $1", Params().Int(user)));
  if (rows.rows() == 0) return std::optional<Account>();
  return std::optional<Account>(ReadAccount(rows, 0, 0));
}

Result<std::int64_t> Count(PgConnection& db) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec("SELECT count(*) FROM accounts"));
  return rows.Int(0, 0);
}

class PostgresAccountRecords final : public AccountRecords {
 public:
  explicit PostgresAccountRecords(std::unique_ptr<postgres::PgPool> pool) : pool_(std::move(pool)) {}

  Result<std::int64_t> CountAccounts() override { return pool_->Transact(Count); }

  Result<InsertedAccount> InsertAccount(const NewAccountRow& row, bool only_if_none) override {
    return pool_->Transact([&](PgConnection& db) -> Result<InsertedAccount> {
      FLOWFILE_RETURN_IF_ERROR(db.Run("SELECT pg_advisory_xact_lock($1)", Params().Int(kAccountLock)));
      if (only_if_none) {
        FLOWFILE_ASSIGN_OR_RETURN(std::int64_t count, Count(db));
        if (count > 0) return InsertedAccount{AccountInsert::kSetupDone};
      }
      Result<UserId> user = postgres::InsertUser(db, row.name, row.created_at);
      if (!user.ok() && user.error().code() == ErrorCode::kAlreadyExists) {
        FLOWFILE_ASSIGN_OR_RETURN(std::optional<UserId> existing, postgres::FindUserByName(db, row.name));
        if (!existing) return user.error();
        FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, AccountOfUser(db, *existing));
        if (*existing == kLocalUserId || account) return InsertedAccount{AccountInsert::kNameTaken};
        user = *existing;
      }
      if (!user.ok()) return user.error();
      FLOWFILE_RETURN_IF_ERROR(db.Run(
          "INSERT INTO accounts (user_id, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)",
          Params()
              .Int(*user)
              .Text(row.name)
              .Text(row.password_hash)
              .Int(row.is_admin ? 1 : 0)
              .Int(row.created_at)));
      return InsertedAccount{AccountInsert::kInserted, *user};
    });
  }

  Result<std::optional<std::pair<Account, std::string>>> FindAccountByName(std::string_view name) override {
    using Found = std::optional<std::pair<Account, std::string>>;
    return pool_->Transact([&](PgConnection& db) -> Result<Found> {
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult rows,
          db.Exec("SELECT user_id, name, is_admin, created_at, password_hash FROM accounts WHERE name = $1",
                  Params().Text(name)));
      if (rows.rows() == 0) return Found();
      return Found({ReadAccount(rows, 0, 0), rows.Text(0, 4)});
    });
  }

  Result<std::optional<Account>> FindAccountByUser(UserId user) override {
    return pool_->Transact([&](PgConnection& db) { return AccountOfUser(db, user); });
  }

  Result<std::vector<Account>> ListAccounts() override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::vector<Account>> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult rows,
                                db.Exec("SELECT user_id, name, is_admin, created_at FROM accounts ORDER BY name"));
      std::vector<Account> accounts;
      accounts.reserve(rows.rows());
      for (int row = 0; row < rows.rows(); ++row) accounts.push_back(ReadAccount(rows, row, 0));
      return accounts;
    });
  }

  Result<bool> DeleteAccount(UserId user) override {
    return pool_->Transact([&](PgConnection& db) -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, AccountOfUser(db, user));
      if (!account || user == kLocalUserId) return false;
      // As in SQLite: sessions, tokens and secrets go by cascade; the user
      // row stays under a name no account can take.
      for (std::string_view sql :
           {"DELETE FROM accounts WHERE user_id = $1", "DELETE FROM connections WHERE user_id = $1",
            "UPDATE users SET name = 'deleted:' || id WHERE id = $1"}) {
        FLOWFILE_RETURN_IF_ERROR(db.Run(sql, Params().Int(user)));
      }
      return true;
    });
  }

  Result<bool> ReplacePasswordHash(UserId user, std::string_view password_hash) override {
    return pool_->Transact([&](PgConnection& db) -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult updated,
                                db.Exec("UPDATE accounts SET password_hash = $1 WHERE user_id = $2",
                                        Params().Text(password_hash).Int(user)));
      if (updated.affected() == 0) return false;
      FLOWFILE_RETURN_IF_ERROR(db.Run("DELETE FROM account_sessions WHERE user_id = $1", Params().Int(user)));
      return true;
    });
  }

  Status InsertSession(std::string_view digest, UserId user, std::string_view csrf_token, std::int64_t now,
                       std::int64_t expires_at) override {
    return pool_->Transact([&](PgConnection& db) -> Status {
      FLOWFILE_RETURN_IF_ERROR(db.Run("DELETE FROM account_sessions WHERE expires_at <= $1", Params().Int(now)));
      return db.Run(
          "INSERT INTO account_sessions (digest, user_id, csrf_token, created_at, expires_at) "
          "VALUES ($1, $2, $3, $4, $5)",
          Params().Text(digest).Int(user).Text(csrf_token).Int(now).Int(expires_at));
    });
  }

  Result<std::optional<StoredSession>> FindSession(std::string_view digest) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::optional<StoredSession>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult rows,
          db.Exec("SELECT a.user_id, a.name, a.is_admin, a.created_at, s.csrf_token, s.expires_at "
                  "FROM account_sessions s JOIN accounts a ON a.user_id = s.user_id WHERE s.digest = $1",
                  Params().Text(digest)));
      if (rows.rows() == 0) return std::optional<StoredSession>();
      return std::optional<StoredSession>({ReadAccount(rows, 0, 0), rows.Text(0, 4), rows.Int(0, 5)});
    });
  }

  Status DeleteSession(std::string_view digest) override {
    return pool_->Transact([&](PgConnection& db) {
      return db.Run("DELETE FROM account_sessions WHERE digest = $1", Params().Text(digest));
    });
  }

  Result<std::optional<ApiTokenInfo>> InsertApiToken(UserId user, std::string_view name, std::string_view digest,
                                                     std::int64_t now) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::optional<ApiTokenInfo>> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, AccountOfUser(db, user));
      if (!account) return std::optional<ApiTokenInfo>();
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult inserted,
          db.Exec(
              "INSERT INTO api_tokens (user_id, name, digest, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
              Params().Int(user).Text(name).Text(digest).Int(now)));
      return std::optional<ApiTokenInfo>({inserted.Int(0, 0), std::string(name), now, 0});
    });
  }

  Result<std::vector<ApiTokenInfo>> ListApiTokens(UserId user) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::vector<ApiTokenInfo>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult rows,
          db.Exec("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
                  Params().Int(user)));
      std::vector<ApiTokenInfo> tokens;
      tokens.reserve(rows.rows());
      for (int row = 0; row < rows.rows(); ++row) {
        tokens.push_back({rows.Int(row, 0), rows.Text(row, 1), rows.Int(row, 2), rows.Int(row, 3)});
      }
      return tokens;
    });
  }

  Result<bool> DeleteApiToken(UserId user, std::int64_t token_id) override {
    return pool_->Transact([&](PgConnection& db) -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(PgResult removed, db.Exec("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2",
                                                          Params().Int(token_id).Int(user)));
      return removed.affected() > 0;
    });
  }

  Result<std::optional<Account>> UseApiToken(std::string_view digest, std::int64_t now,
                                             std::int64_t touch_before) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::optional<Account>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult rows,
          db.Exec("SELECT id, user_id, last_used_at FROM api_tokens WHERE digest = $1", Params().Text(digest)));
      if (rows.rows() == 0) return std::optional<Account>();
      if (rows.Int(0, 2) < touch_before) {
        FLOWFILE_RETURN_IF_ERROR(db.Run("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2",
                                        Params().Int(now).Int(rows.Int(0, 0))));
      }
      return AccountOfUser(db, rows.Int(0, 1));
    });
  }

  Result<std::vector<std::string>> GrantsOf(UserId user) override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::vector<std::string>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          PgResult rows, db.Exec("SELECT grant_name FROM account_grants WHERE user_id = $1 ORDER BY grant_name",
                                 Params().Int(user)));
      std::vector<std::string> grants;
      grants.reserve(rows.rows());
      for (int row = 0; row < rows.rows(); ++row) grants.push_back(rows.Text(row, 0));
      return grants;
    });
  }

  Result<bool> SetGrant(UserId user, std::string_view grant, bool granted) override {
    return pool_->Transact([&](PgConnection& db) -> Result<bool> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> account, AccountOfUser(db, user));
      if (!account) return false;
      FLOWFILE_RETURN_IF_ERROR(db.Run(
          granted ? "INSERT INTO account_grants (user_id, grant_name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                  : "DELETE FROM account_grants WHERE user_id = $1 AND grant_name = $2",
          Params().Int(user).Text(grant)));
      return true;
    });
  }

 private:
  std::unique_ptr<postgres::PgPool> pool_;
};

}  // namespace

Result<std::unique_ptr<AccountRecords>> OpenPostgresAccountRecords(const Secret& url) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgPool> pool, postgres::PgPool::Open(url));
  FLOWFILE_RETURN_IF_ERROR(postgres::MigrateToLatest(*pool, postgres::ConnectionSchema()));
  FLOWFILE_RETURN_IF_ERROR(postgres::MigrateToLatest(*pool, postgres::AccountSchema()));
  return std::unique_ptr<AccountRecords>(std::make_unique<PostgresAccountRecords>(std::move(pool)));
}

}  // namespace flowfile::store

namespace flowfile {

void EnablePostgresStore() {
  store::RegisterPostgresBackend({OpenPostgresStore, store::OpenPostgresAccountRecords});
  store::RegisterPostgresFlowRecords(store::OpenPostgresFlowRecords);
}

}  // namespace flowfile
