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
    // 2: connections, their sealed secrets, the key check values and the
    // audit log. One column per public field of connection_fields.h, named
    // as the field; text fields default to '' so a new field can be added by
    // a later step without touching old rows. audit_log has no foreign keys:
    // the record of what happened outlives the connection it names.
    R"sql(
      CREATE TABLE connections (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        storage_type TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        aws_region TEXT NOT NULL DEFAULT '',
        aws_access_key_id TEXT NOT NULL DEFAULT '',
        aws_role_arn TEXT NOT NULL DEFAULT '',
        aws_profile TEXT NOT NULL DEFAULT '',
        azure_account_name TEXT NOT NULL DEFAULT '',
        azure_tenant_id TEXT NOT NULL DEFAULT '',
        azure_client_id TEXT NOT NULL DEFAULT '',
        gcs_project_id TEXT NOT NULL DEFAULT '',
        endpoint_url TEXT NOT NULL DEFAULT '',
        aws_allow_unsafe_html INTEGER NOT NULL DEFAULT 0,
        verify_ssl INTEGER NOT NULL DEFAULT 1,
        credentials_version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL DEFAULT 0,
        UNIQUE (user_id, name)
      );
      CREATE TABLE connection_secrets (
        connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        envelope BLOB NOT NULL,
        key_version INTEGER NOT NULL,
        PRIMARY KEY (connection_id, field)
      );
      CREATE INDEX connection_secrets_by_key_version ON connection_secrets (key_version);
      CREATE TABLE key_check (
        key_version INTEGER PRIMARY KEY,
        fingerprint BLOB NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        connection_id INTEGER NOT NULL DEFAULT 0,
        connection_name TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_log_by_user ON audit_log (user_id, at);
    )sql",
    // 3: a connection id is never given twice, also after the newest
    // connection is deleted (SQLite would reuse its rowid): caches of opened
    // filesystems in every process key on (user, id, credentials_version).
    // The highest id ever given starts from what the table and the audit
    // log (which names deleted connections too) have seen.
    R"sql(
      CREATE TABLE connection_id_high_water (value INTEGER NOT NULL);
      INSERT INTO connection_id_high_water (value) VALUES (max(
          coalesce((SELECT max(id) FROM connections), 0),
          coalesce((SELECT max(connection_id) FROM audit_log), 0)));
    )sql",
};

}  // namespace

MigrationSet ConnectionSchema() { return {"connections", kSteps}; }

}  // namespace flowfile::sqlite
