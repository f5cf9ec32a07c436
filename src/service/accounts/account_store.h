// The server's accounts: password sign-in, browser sessions and API tokens.
//
// An account is a user of the connection store plus an Argon2id password
// hash. Session ids and API tokens are random 256-bit strings handed to the
// client once and kept only as digests. The rules live here; the rows live
// in a store backend (store::AccountRecords: SQLite or PostgreSQL). Safe for
// use from several threads and several server processes sharing one store.
// Password calls are slow (tens of milliseconds of Argon2id): callers
// serving requests run them on a worker.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "src/store/account_records.h"

namespace flowfile::accounts {

using Account = store::Account;

// What an administrator may grant one account beyond its own connections.
// "ambient-identity": connections whose auth method signs with the server's
// own cloud identity (UsesHostIdentity of connection_rules.h: AWS CLI
// profiles, environment variables, instance roles, Azure managed identity,
// Google default credentials), which a server refuses its users otherwise.
inline constexpr std::string_view kAmbientIdentityGrant = "ambient-identity";
inline constexpr std::array<std::string_view, 1> kGrants = {kAmbientIdentityGrant};
using ApiTokenInfo = store::ApiTokenInfo;

// A signed-in browser session as the server sees it on each request.
struct Session {
  Account account;
  std::string csrf_token;  // sent back by the UI in X-CSRF-Token on unsafe methods
  std::int64_t expires_at = 0;
};

// A new session: the session id goes into the HttpOnly cookie, once.
struct NewSession {
  Session session;
  Secret session_id;
};

// A new API token: shown to its owner once, never stored in plain.
struct NewApiToken {
  ApiTokenInfo info;
  Secret token;
};

struct AccountStoreOptions {
  // How long a browser session lasts after sign-in. Default: 12 hours.
  std::chrono::milliseconds session_lifetime = std::chrono::hours(12);
  // The clock, in unix milliseconds. Default: the system clock.
  std::function<std::int64_t()> now;
};

class AccountStore {
 public:
  // The accounts kept in `records` (a backend's account tables, whose users
  // are those of the connection store beside them).
  static Result<std::unique_ptr<AccountStore>> Open(AccountStoreOptions options,
                                                    std::unique_ptr<store::AccountRecords> records);

  // True when no account exists yet (the server then offers first-run setup).
  Result<bool> NeedsSetup();

  // Creates the first account, an admin. kAlreadyExists once any account
  // exists, also when two setups race. Slow: hashes the password.
  Result<Account> CreateFirstAdmin(std::string_view name, const Secret& password);
  // Creates another account (an admin's action). kAlreadyExists for a taken
  // name; kInvalidArgument for a bad name or a password under 8 characters
  // (also for CreateFirstAdmin). Slow.
  Result<Account> CreateAccount(std::string_view name, const Secret& password, bool is_admin);

  // Every account, by name.
  Result<std::vector<Account>> ListAccounts();
  // The account of that name; kNotFound when there is none.
  Result<Account> FindAccount(std::string_view name);
  // Deletes the account with its sessions, API tokens and connections.
  // kNotFound for an unknown name; kInvalidArgument for the last admin.
  Status DeleteAccount(std::string_view name);
  // Sets a new password and ends the account's browser sessions (API tokens
  // stay). kNotFound for an unknown name; kInvalidArgument for a password
  // under 8 characters. Slow.
  Status ChangePassword(std::string_view name, const Secret& password);

  // Gives (`granted`) or takes back one of kGrants; idempotent. kNotFound
  // for an unknown name; kInvalidArgument (field "grant") for another grant.
  Status SetGrant(std::string_view name, std::string_view grant, bool granted);
  // The grants of the account of that name, sorted. kNotFound when unknown.
  Result<std::vector<std::string>> GrantsOf(std::string_view name);

  // The account when `password` is right. kAccessDenied ("Wrong account name
  // or password.") otherwise, taking as long for an unknown name as for a
  // wrong password. Slow.
  Result<Account> CheckPassword(std::string_view name, const Secret& password);

  Result<NewSession> StartSession(const Account& account);
  // kAccessDenied when the session is unknown, ended or expired.
  Result<Session> FindSession(const Secret& session_id);
  Status EndSession(const Secret& session_id);

  Result<NewApiToken> CreateApiToken(UserId user, std::string_view name);
  Result<std::vector<ApiTokenInfo>> ListApiTokens(UserId user);
  // kNotFound for a token of another user.
  Status RevokeApiToken(UserId user, std::int64_t token_id);
  // The account owning `token`; records its use. kAccessDenied when unknown.
  Result<Account> FindApiToken(const Secret& token);

  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

 private:
  AccountStore(AccountStoreOptions options, std::unique_ptr<store::AccountRecords> records);
  Result<Account> InsertAccount(std::string_view name, std::string password_hash, bool is_admin,
                                bool only_if_none);
  std::int64_t Now() const;

  AccountStoreOptions options_;
  std::unique_ptr<store::AccountRecords> records_;
  std::string dummy_hash_;  // verified for unknown names, so they take as long
};

// Checks an account name: 1-64 characters of letters, digits and . _ @ -.
Status ValidateAccountName(std::string_view name);

}  // namespace flowfile::accounts
