#include <string>

#include "src/crypto/secret_envelope.h"
#include "src/store/postgres/pg_rows.h"
#include "src/store/store_errors.h"

namespace flowfile::postgres {
namespace {

// Advisory lock key of the master key versions ("ff-keys" in ASCII hex).
constexpr std::int64_t kKeyLock = 0x66662d6b657973;

Status WriteEnvelope(PgConnection& db, std::int64_t connection_id, SecretField field, std::string_view envelope) {
  FLOWFILE_ASSIGN_OR_RETURN(std::uint32_t version, crypto::EnvelopeKeyVersion(envelope));
  return db.Run(
      "INSERT INTO connection_secrets (connection_id, field, envelope, key_version) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (connection_id, field) DO UPDATE SET envelope = excluded.envelope, "
      "key_version = excluded.key_version",
      Params().Int(connection_id).Text(SecretFieldName(field)).Bytes(envelope).Int(version));
}

Error UnknownField() {
  return Error(ErrorCode::kInternal, "The store holds a secret field this flowfile does not know: upgrade flowfile.");
}

}  // namespace

Status LockKeysShared(PgConnection& db) {
  return db.Run("SELECT pg_advisory_xact_lock_shared($1)", Params().Int(kKeyLock));
}

Status LockKeysExclusive(PgConnection& db) {
  return db.Run("SELECT pg_advisory_xact_lock($1)", Params().Int(kKeyLock));
}

Status StoreSecret(PgConnection& db, const Keyring& keyring, UserId user, std::int64_t connection_id,
                   SecretField field, const Secret& value) {
  // As in the SQLite store: never seal with a version older than the newest
  // one recorded, or a rotation that has dropped it would leave this secret
  // unreadable. The caller holds the key lock shared (LockKeysShared).
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> newest, NewestKeyVersion(db));
  if (newest && *newest > keyring.active_version()) {
    return Error(ErrorCode::kUnavailable,
                 "The master key was rotated by another flowfile process, and this process cannot load the new "
                 "key (FLOWFILE_MASTER_KEY holds the old one): set it to the new keys and restart this process.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string envelope, crypto::SealSecret(keyring, {user, connection_id, field}, value));
  return WriteEnvelope(db, connection_id, field, envelope);
}

Status RemoveSecret(PgConnection& db, std::int64_t connection_id, SecretField field) {
  return db.Run("DELETE FROM connection_secrets WHERE connection_id = $1 AND field = $2",
                Params().Int(connection_id).Text(SecretFieldName(field)));
}

Result<ConnectionSecrets> LoadSecrets(PgConnection& db, const Keyring& keyring, UserId user,
                                      std::int64_t connection_id) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT field, envelope FROM connection_secrets WHERE connection_id = $1", Params().Int(connection_id)));
  ConnectionSecrets secrets;
  for (int row = 0; row < rows.rows(); ++row) {
    Result<SecretField> field = ParseSecretField(rows.Text(row, 0));
    if (!field.ok()) return UnknownField();
    FLOWFILE_ASSIGN_OR_RETURN(Secret value,
                              crypto::OpenSecret(keyring, {user, connection_id, *field}, rows.Bytes(row, 1)));
    secrets.set(*field, std::move(value));
  }
  return secrets;
}

Result<std::vector<ResealedConnection>> ResealOldSecrets(PgConnection& db, const Keyring& keyring) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT c.user_id, s.connection_id, c.name, s.field, s.envelope FROM connection_secrets s "
              "JOIN connections c ON c.id = s.connection_id WHERE s.key_version != $1 ORDER BY s.connection_id",
              Params().Int(keyring.active_version())));
  std::vector<ResealedConnection> resealed;
  for (int row = 0; row < rows.rows(); ++row) {
    Result<SecretField> field = ParseSecretField(rows.Text(row, 3));
    if (!field.ok()) return UnknownField();
    const crypto::SecretContext context{rows.Int(row, 0), rows.Int(row, 1), *field};
    FLOWFILE_ASSIGN_OR_RETURN(Secret plain, crypto::OpenSecret(keyring, context, rows.Bytes(row, 4)));
    FLOWFILE_ASSIGN_OR_RETURN(std::string envelope, crypto::SealSecret(keyring, context, plain));
    FLOWFILE_RETURN_IF_ERROR(WriteEnvelope(db, context.connection_id, context.field, envelope));
    if (resealed.empty() || resealed.back().connection_id != context.connection_id) {
      resealed.push_back({context.user_id, context.connection_id, rows.Text(row, 2)});
    }
  }
  return resealed;
}

Status CheckAndRecordKeys(PgConnection& db, const Keyring& keyring) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT v.key_version, k.fingerprint,"
              " EXISTS (SELECT 1 FROM connection_secrets s WHERE s.key_version = v.key_version) FROM"
              " (SELECT key_version FROM key_check UNION SELECT key_version FROM connection_secrets) v"
              " LEFT JOIN key_check k ON k.key_version = v.key_version"));
  const std::filesystem::path where = "the PostgreSQL database";
  for (int row = 0; row < rows.rows(); ++row) {
    const auto version = static_cast<std::uint32_t>(rows.Int(row, 0));
    const bool used_by_secrets = rows.Text(row, 2) == "t";
    if (keyring.Find(version) == nullptr) {
      // A check row alone is what a rotation leaves when it stopped after
      // dropping old keys from the key file: nothing needs that key any more.
      if (used_by_secrets) return store::MasterKeyMismatch(where);
      continue;
    }
    if (rows.IsNull(row, 1)) continue;
    FLOWFILE_ASSIGN_OR_RETURN(std::string fingerprint, keyring.Fingerprint(version));
    if (fingerprint != rows.Bytes(row, 1)) return store::MasterKeyMismatch(where);
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string active, keyring.Fingerprint(keyring.active_version()));
  return db.Run("INSERT INTO key_check (key_version, fingerprint) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                Params().Int(keyring.active_version()).Bytes(active));
}

Result<std::optional<std::uint32_t>> NewestKeyVersion(PgConnection& db) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult newest, db.Exec("SELECT max(key_version) FROM key_check"));
  if (newest.rows() == 0 || newest.IsNull(0, 0)) return std::optional<std::uint32_t>();
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(newest.Int(0, 0)));
}

Status ForgetKeyVersionsExcept(PgConnection& db, std::uint32_t active) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult old, db.Exec("SELECT count(*) FROM connection_secrets WHERE key_version != $1", Params().Int(active)));
  if (const std::int64_t old_secrets = old.Int(0, 0); old_secrets > 0) {
    return Error(ErrorCode::kUnavailable,
                 std::to_string(old_secrets) +
                     " secrets are still sealed with an older master key version (written by another process "
                     "during the rotation): re-encrypt the secrets again before dropping old key versions.");
  }
  return db.Run("DELETE FROM key_check WHERE key_version != $1", Params().Int(active));
}

}  // namespace flowfile::postgres
