#include "src/accounts/account_store.h"

#include <array>
#include <utility>

#include "src/accounts/account_schema.h"
#include "src/crypto/base64.h"
#include "src/crypto/password_hash.h"
#include "src/crypto/random.h"
#include "src/crypto/token.h"
#include "src/store/sqlite/sqlite_migrations.h"

namespace flowfile::accounts {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxTokenNameLength = 100;
constexpr std::size_t kMinPasswordLength = 8;

Status ValidateNewPassword(const Secret& password) {
  if (password.size() < kMinPasswordLength) {
    return Error(ErrorCode::kInvalidArgument, "password: use at least 8 characters.", "password");
  }
  return Status::Ok();
}

Error WrongCredentials() { return Error(ErrorCode::kAccessDenied, "Wrong account name or password."); }
Error NotSignedIn() {
  return Error(ErrorCode::kAccessDenied, "Not signed in, or the session has expired: sign in again.");
}

std::string RandomText(std::size_t bytes) {
  std::string raw(bytes, '\0');
  crypto::FillRandomOrAbort(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return crypto::EncodeBase64Url(raw);
}

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Status ValidateAccountName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return Error(ErrorCode::kInvalidArgument, "name: an account name has 1 to 64 characters.", "name");
  }
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '.' || c == '_' || c == '@' || c == '-';
    if (!allowed) {
      return Error(ErrorCode::kInvalidArgument,
                   "name: use only letters, digits and . _ @ - in an account name.", "name");
    }
  }
  return Status::Ok();
}

AccountStore::AccountStore(AccountStoreOptions options, std::unique_ptr<sqlite::Database> db,
                           ConnectionStore& users)
    : options_(std::move(options)), db_(std::move(db)), users_(users) {}

AccountStore::~AccountStore() = default;

Result<std::unique_ptr<AccountStore>> AccountStore::Open(AccountStoreOptions options,
                                                         ConnectionStore& users) {
  FLOWFILE_ASSIGN_OR_RETURN(auto db, sqlite::Database::Open(options.path));
  FLOWFILE_RETURN_IF_ERROR(sqlite::MigrateToLatest(*db, AccountSchema()));
  if (!options.now) options.now = SystemNow;
  std::unique_ptr<AccountStore> store(new AccountStore(std::move(options), std::move(db), users));
  // A hash of a random password: CheckPassword verifies against it when the
  // name is unknown, so response time does not reveal which names exist.
  FLOWFILE_ASSIGN_OR_RETURN(store->dummy_hash_, crypto::HashPassword(Secret(RandomText(16))));
  return store;
}

std::int64_t AccountStore::Now() const { return options_.now(); }

Result<bool> AccountStore::NeedsSetup() {
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement query, db_->Prepare("SELECT COUNT(*) FROM accounts"));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row && query.ColumnInt(0) == 0;
}

Result<Account> AccountStore::InsertAccount(std::string_view name, const std::string& password_hash,
                                            bool is_admin) {
  FLOWFILE_RETURN_IF_ERROR(ValidateAccountName(name));
  Result<UserId> user = users_.CreateUser(name);
  if (!user.ok() && user.error().code() == ErrorCode::kAlreadyExists) {
    // A user row of that name without an account (left by an earlier,
    // interrupted sign-up) is taken over; the embedded mode's local user
    // and users that already have an account are not.
    FLOWFILE_ASSIGN_OR_RETURN(UserId existing, users_.FindUser(name));
    if (existing == kLocalUserId || AccountByUser(existing).ok()) {
      return Error(ErrorCode::kAlreadyExists, "The account name '" + std::string(name) + "' is taken.");
    }
    user = existing;
  }
  if (!user.ok()) return user.error();
  Account account{*user, std::string(name), is_admin, Now()};
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement insert,
                            db_->Prepare("INSERT INTO accounts (user_id, name, password_hash, is_admin, "
                                         "created_at) VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, account.user_id)
      .Bind(2, name)
      .Bind(3, std::string_view(password_hash))
      .Bind(4, std::int64_t{is_admin ? 1 : 0})
      .Bind(5, account.created_at);
  FLOWFILE_RETURN_IF_ERROR(insert.Run());
  return account;
}

Result<Account> AccountStore::CreateFirstAdmin(std::string_view name, const Secret& password) {
  FLOWFILE_RETURN_IF_ERROR(ValidateAccountName(name));
  FLOWFILE_RETURN_IF_ERROR(ValidateNewPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(bool needs_setup, NeedsSetup());
  std::lock_guard lock(mutex_);
  // Re-checked under the lock: of two racing setups only one creates. The
  // query is finished before inserting, so this connection holds no stale
  // read snapshot when it writes.
  Result<bool> still_empty = [&]() -> Result<bool> {
    FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement query, db_->Prepare("SELECT COUNT(*) FROM accounts"));
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    return has_row && query.ColumnInt(0) == 0;
  }();
  if (!still_empty.ok()) return still_empty.error();
  if (!needs_setup || !*still_empty) {
    return Error(ErrorCode::kAlreadyExists, "Setup is done already: sign in with an existing account.");
  }
  return InsertAccount(name, hash, true);
}

Result<Account> AccountStore::CreateAccount(std::string_view name, const Secret& password, bool is_admin) {
  FLOWFILE_RETURN_IF_ERROR(ValidateAccountName(name));
  FLOWFILE_RETURN_IF_ERROR(ValidateNewPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  std::lock_guard lock(mutex_);
  return InsertAccount(name, hash, is_admin);
}

Result<Account> AccountStore::FindAccount(std::string_view name, std::string* password_hash) {
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement query,
      db_->Prepare("SELECT user_id, name, is_admin, created_at, password_hash FROM accounts WHERE name = ?"));
  query.Bind(1, name);
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return Error(ErrorCode::kNotFound, "No such account.");
  if (password_hash != nullptr) *password_hash = query.ColumnText(4);
  return Account{query.ColumnInt(0), query.ColumnText(1), query.ColumnInt(2) != 0, query.ColumnInt(3)};
}

Result<Account> AccountStore::AccountByUser(UserId user) {
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement query,
      db_->Prepare("SELECT user_id, name, is_admin, created_at FROM accounts WHERE user_id = ?"));
  query.Bind(1, user);
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return Error(ErrorCode::kNotFound, "No such account.");
  return Account{query.ColumnInt(0), query.ColumnText(1), query.ColumnInt(2) != 0, query.ColumnInt(3)};
}

Result<Account> AccountStore::CheckPassword(std::string_view name, const Secret& password) {
  std::string hash;
  Result<Account> account = [&]() -> Result<Account> {
    std::lock_guard lock(mutex_);
    return FindAccount(name, &hash);
  }();
  if (!account.ok() && account.error().code() != ErrorCode::kNotFound) return account.error();
  // Verified outside the lock: Argon2id is slow and needs no database.
  const bool matches = crypto::VerifyPassword(password, account.ok() ? hash : dummy_hash_);
  if (!account.ok() || !matches) return WrongCredentials();
  return account;
}

Result<NewSession> AccountStore::StartSession(const Account& account) {
  crypto::NewToken id = crypto::GenerateApiToken();
  NewSession created{{account, RandomText(24), Now() + options_.session_lifetime.count()},
                     std::move(id.token)};
  std::lock_guard lock(mutex_);
  // Expired sessions are dropped here, so the table stays small.
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement sweep,
                            db_->Prepare("DELETE FROM account_sessions WHERE expires_at <= ?"));
  FLOWFILE_RETURN_IF_ERROR(sweep.Bind(1, Now()).Run());
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement insert,
      db_->Prepare("INSERT INTO account_sessions (digest, user_id, csrf_token, created_at, "
                   "expires_at) VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, std::string_view(id.digest))
      .Bind(2, account.user_id)
      .Bind(3, std::string_view(created.session.csrf_token))
      .Bind(4, Now())
      .Bind(5, created.session.expires_at);
  FLOWFILE_RETURN_IF_ERROR(insert.Run());
  return created;
}

Result<Session> AccountStore::FindSession(const Secret& session_id) {
  if (session_id.empty()) return NotSignedIn();
  const std::string digest = crypto::DigestToken(session_id);
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement query,
      db_->Prepare("SELECT a.user_id, a.name, a.is_admin, a.created_at, s.csrf_token, s.expires_at "
                   "FROM account_sessions s JOIN accounts a ON a.user_id = s.user_id WHERE s.digest = ?"));
  query.Bind(1, std::string_view(digest));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row || query.ColumnInt(5) <= Now()) return NotSignedIn();
  return Session{{query.ColumnInt(0), query.ColumnText(1), query.ColumnInt(2) != 0, query.ColumnInt(3)},
                 query.ColumnText(4),
                 query.ColumnInt(5)};
}

Status AccountStore::EndSession(const Secret& session_id) {
  const std::string digest = crypto::DigestToken(session_id);
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement remove,
                            db_->Prepare("DELETE FROM account_sessions WHERE digest = ?"));
  return remove.Bind(1, std::string_view(digest)).Run();
}

Result<NewApiToken> AccountStore::CreateApiToken(UserId user, std::string_view name) {
  if (name.empty() || name.size() > kMaxTokenNameLength) {
    return Error(ErrorCode::kInvalidArgument, "name: a token name has 1 to 100 characters.", "name");
  }
  crypto::NewToken token = crypto::GenerateApiToken();
  std::lock_guard lock(mutex_);
  FLOWFILE_RETURN_IF_ERROR(AccountByUser(user).status());
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement insert,
      db_->Prepare("INSERT INTO api_tokens (user_id, name, digest, created_at) VALUES (?, ?, ?, ?)"));
  const std::int64_t now = Now();
  FLOWFILE_RETURN_IF_ERROR(
      insert.Bind(1, user).Bind(2, name).Bind(3, std::string_view(token.digest)).Bind(4, now).Run());
  return NewApiToken{{db_->LastInsertId(), std::string(name), now, 0}, std::move(token.token)};
}

Result<std::vector<ApiTokenInfo>> AccountStore::ListApiTokens(UserId user) {
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement query,
      db_->Prepare(
          "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id"));
  query.Bind(1, user);
  std::vector<ApiTokenInfo> tokens;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) break;
    tokens.push_back({query.ColumnInt(0), query.ColumnText(1), query.ColumnInt(2), query.ColumnInt(3)});
  }
  return tokens;
}

Status AccountStore::RevokeApiToken(UserId user, std::int64_t token_id) {
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement remove,
                            db_->Prepare("DELETE FROM api_tokens WHERE id = ? AND user_id = ?"));
  FLOWFILE_RETURN_IF_ERROR(remove.Bind(1, token_id).Bind(2, user).Run());
  if (db_->Changes() == 0)
    return Error(ErrorCode::kNotFound, "API token not found: " + std::to_string(token_id) + ".");
  return Status::Ok();
}

Result<Account> AccountStore::FindApiToken(const Secret& token) {
  if (token.empty()) return Error(ErrorCode::kAccessDenied, "Unknown or revoked API token.");
  const std::string digest = crypto::DigestToken(token);
  std::lock_guard lock(mutex_);
  FLOWFILE_ASSIGN_OR_RETURN(
      sqlite::Statement query,
      db_->Prepare("SELECT id, user_id, last_used_at FROM api_tokens WHERE digest = ?"));
  query.Bind(1, std::string_view(digest));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return Error(ErrorCode::kAccessDenied, "Unknown or revoked API token.");
  const std::int64_t token_id = query.ColumnInt(0);
  const UserId user = query.ColumnInt(1);
  const std::int64_t last_used_at = query.ColumnInt(2);
  query.Reset();  // no open read while this connection writes
  // The last-used time is kept to the minute, so a busy client does not
  // turn every request into a database write.
  if (Now() - last_used_at >= 60'000) {
    FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement touch,
                              db_->Prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"));
    FLOWFILE_RETURN_IF_ERROR(touch.Bind(1, Now()).Bind(2, token_id).Run());
  }
  return AccountByUser(user);
}

}  // namespace flowfile::accounts
