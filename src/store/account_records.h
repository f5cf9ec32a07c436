// The rows behind the server's accounts, browser sessions and API tokens, as
// every store backend keeps them (beside ConnectionStore). The rules (names,
// passwords, hashing, lifetimes, messages) live in src/service/accounts, which works
// over this interface only; a backend stores and finds, each call in one
// transaction. Session ids and API tokens arrive here as digests only.
// Implementations are safe for use from several threads and processes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "flowfile/user.h"

namespace flowfile::store {

struct Account {
  UserId user_id = 0;
  std::string name;
  bool is_admin = false;
  std::int64_t created_at = 0;  // unix milliseconds
};

struct ApiTokenInfo {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;  // 0: never used
};

struct StoredSession {
  Account account;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

struct NewAccountRow {
  std::string name;
  std::string password_hash;
  bool is_admin = false;
  std::int64_t created_at = 0;
};

enum class AccountInsert {
  kInserted,
  // A user of that name has an account already, or is the local user.
  kNameTaken,
  // InsertAccount(only_if_none = true) found an account already.
  kSetupDone,
};

struct InsertedAccount {
  AccountInsert outcome = AccountInsert::kInserted;
  UserId user_id = 0;  // set when kInserted
};

class AccountRecords {
 public:
  virtual ~AccountRecords() = default;

  virtual Result<std::int64_t> CountAccounts() = 0;
  // Creates the user of that name (taking over a user row left without an
  // account by an interrupted sign-up, never the local user) and its
  // account, in one transaction. With `only_if_none`, only while no account
  // exists: of two racing first sign-ups, also in two processes, one wins.
  virtual Result<InsertedAccount> InsertAccount(const NewAccountRow& row, bool only_if_none) = 0;
  // The account and its password hash; nullopt for an unknown name.
  virtual Result<std::optional<std::pair<Account, std::string>>> FindAccountByName(std::string_view name) = 0;
  virtual Result<std::optional<Account>> FindAccountByUser(UserId user) = 0;
  // Every account, by name.
  virtual Result<std::vector<Account>> ListAccounts() = 0;
  // Deletes the account of `user` with its sessions, API tokens and
  // connections (their secrets too), in one transaction. The user row stays
  // under a name no account can take, so its id never passes to another
  // user (caches of opened filesystems key on it). False when `user` has no
  // account.
  virtual Result<bool> DeleteAccount(UserId user) = 0;
  // Replaces the password hash and ends every session of the account, in
  // one transaction. False when `user` has no account.
  virtual Result<bool> ReplacePasswordHash(UserId user, std::string_view password_hash) = 0;

  // The permissions an administrator granted `user`'s account (names such
  // as "ambient-identity"), sorted; empty without an account.
  virtual Result<std::vector<std::string>> GrantsOf(UserId user) = 0;
  // Gives (`granted`) or takes back `grant`; idempotent. False when `user`
  // has no account. Deleting the account drops its grants.
  virtual Result<bool> SetGrant(UserId user, std::string_view grant, bool granted) = 0;

  // Drops the sessions expired at `now`, then stores a new one.
  virtual Status InsertSession(std::string_view digest, UserId user, std::string_view csrf_token, std::int64_t now,
                               std::int64_t expires_at) = 0;
  // The session of that digest (expired or not); nullopt when unknown.
  virtual Result<std::optional<StoredSession>> FindSession(std::string_view digest) = 0;
  virtual Status DeleteSession(std::string_view digest) = 0;

  // nullopt when `user` has no account.
  virtual Result<std::optional<ApiTokenInfo>> InsertApiToken(UserId user, std::string_view name,
                                                             std::string_view digest, std::int64_t now) = 0;
  // The user's tokens in the order they were made.
  virtual Result<std::vector<ApiTokenInfo>> ListApiTokens(UserId user) = 0;
  // False when `user` has no token of that id.
  virtual Result<bool> DeleteApiToken(UserId user, std::int64_t token_id) = 0;
  // The account owning the token of that digest, nullopt when unknown. Sets
  // the token's last-used time to `now` when it is older than `touch_before`
  // (a busy client does not turn every request into a write).
  virtual Result<std::optional<Account>> UseApiToken(std::string_view digest, std::int64_t now,
                                                     std::int64_t touch_before) = 0;
};

// The account tables in the SQLite store file at `path` (created and
// migrated); the connection store of that file must be open already, as it
// owns the users table.
Result<std::unique_ptr<AccountRecords>> OpenSqliteAccountRecords(const std::filesystem::path& path);
// The account tables in the PostgreSQL database of `url` (see
// PostgresStoreOptions::url), created and migrated.
Result<std::unique_ptr<AccountRecords>> OpenPostgresAccountRecords(const Secret& url);

}  // namespace flowfile::store
