#include "src/store/sqlite/account_schema.h"

namespace flowfile::sqlite {
namespace {

constexpr std::string_view kSteps[] = {
    // 1: accounts with Argon2id password hashes, browser sessions and API
    // tokens. Session ids and API tokens are stored only as SHA-256 digests,
    // so a copy of the database does not let anyone sign in.
    R"sql(
      CREATE TABLE accounts (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE account_sessions (
        digest TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX account_sessions_by_expiry ON account_sessions (expires_at);
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        digest TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL DEFAULT 0
      );
    )sql",
    // 2: permissions an administrator grants one account (ambient-identity:
    // auth methods that use the server's own cloud identity).
    R"sql(
      CREATE TABLE account_grants (
        user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
        grant_name TEXT NOT NULL,
        PRIMARY KEY (user_id, grant_name)
      );
    )sql",
};

}  // namespace

MigrationSet AccountSchema() { return {"accounts", kSteps}; }

}  // namespace flowfile::sqlite
