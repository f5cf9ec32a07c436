#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection_rules.h"
#include "src/crypto/secret_envelope.h"
#include "src/store/postgres/pg_rows.h"
#include "src/store/postgres/pg_shared_keyring.h"
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
  return Error(ErrorCode::kInternal,
               "The store holds a secret field this flowfile does not know: upgrade flowfile.");
}

// One stored envelope with the connection it belongs to, read before any
// row is rewritten.
struct SealedRow {
  ConnectionInfo connection;
  UserId user_id = 0;
  SecretField field = SecretField::kAwsSecretAccessKey;
  std::string envelope;
};

// The envelopes of a query selecting (user_id, connection_id, field,
// envelope), each with its connection's public view (its destination).
Result<std::vector<SealedRow>> ReadSealedRows(PgConnection& db, const PgResult& rows) {
  std::vector<SealedRow> sealed;
  for (int row = 0; row < rows.rows(); ++row) {
    Result<SecretField> field = ParseSecretField(rows.Text(row, 2));
    if (!field.ok()) return UnknownField();
    FLOWFILE_ASSIGN_OR_RETURN(std::optional<ConnectionInfo> info,
                              FindConnectionById(db, rows.Int(row, 0), rows.Int(row, 1)));
    if (!info) return Error(ErrorCode::kInternal, "A sealed secret belongs to no connection.");
    sealed.push_back({std::move(*info), rows.Int(row, 0), *field, rows.Bytes(row, 3)});
  }
  return sealed;
}

// Opens one envelope with `opening_destination` and seals it again for its
// connection's current destination with the keyring's active version.
Status Reseal(PgConnection& db, const Keyring& keyring, const SealedRow& row,
              std::string_view opening_destination) {
  const std::string destination = DestinationBinding(row.connection);
  FLOWFILE_ASSIGN_OR_RETURN(
      Secret plain,
      crypto::OpenSecret(keyring, {row.user_id, row.connection.id, row.field, opening_destination}, row.envelope));
  FLOWFILE_ASSIGN_OR_RETURN(
      std::string envelope,
      crypto::SealSecret(keyring, {row.user_id, row.connection.id, row.field, destination}, plain));
  return WriteEnvelope(db, row.connection.id, row.field, envelope);
}

constexpr std::string_view kSelectSealed =
    "SELECT c.user_id, s.connection_id, s.field, s.envelope FROM connection_secrets s "
    "JOIN connections c ON c.id = s.connection_id ";

}  // namespace

Status LockKeysShared(PgConnection& db) {
  return db.Run("SELECT pg_advisory_xact_lock_shared($1)", Params().Int(kKeyLock));
}

Status LockKeysExclusive(PgConnection& db) {
  return db.Run("SELECT pg_advisory_xact_lock($1)", Params().Int(kKeyLock));
}

Status StoreSecret(PgConnection& db, const Keyring& keyring, UserId user, const ConnectionInfo& info,
                   SecretField field, const Secret& value) {
  // Every instance seals with the one version the store names
  // (pg_shared_keyring.h); the caller holds the key lock shared, so no
  // activation of another version commits in between.
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> sealing, SealingKeyVersion(db));
  if (sealing && *sealing != keyring.active_version()) {
    return Error(ErrorCode::kUnavailable,
                 "The store seals secrets with master key version " + std::to_string(*sealing) +
                     ", which this flowfile process cannot load (FLOWFILE_MASTER_KEY or its key file holds other "
                     "versions): give it that key and restart this process.");
  }
  const std::string destination = DestinationBinding(info);
  FLOWFILE_ASSIGN_OR_RETURN(std::string envelope,
                            crypto::SealSecret(keyring, {user, info.id, field, destination}, value));
  return WriteEnvelope(db, info.id, field, envelope);
}

Status RemoveSecret(PgConnection& db, std::int64_t connection_id, SecretField field) {
  return db.Run("DELETE FROM connection_secrets WHERE connection_id = $1 AND field = $2",
                Params().Int(connection_id).Text(SecretFieldName(field)));
}

Result<ConnectionSecrets> LoadSecrets(PgConnection& db, const Keyring& keyring, UserId user,
                                      const ConnectionInfo& info) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Exec("SELECT field, envelope FROM connection_secrets WHERE connection_id = $1", Params().Int(info.id)));
  const std::string destination = DestinationBinding(info);
  ConnectionSecrets secrets;
  for (int row = 0; row < rows.rows(); ++row) {
    Result<SecretField> field = ParseSecretField(rows.Text(row, 0));
    if (!field.ok()) return UnknownField();
    FLOWFILE_ASSIGN_OR_RETURN(
        Secret value, crypto::OpenSecret(keyring, {user, info.id, *field, destination}, rows.Bytes(row, 1)));
    secrets.set(*field, std::move(value));
  }
  return secrets;
}

Result<std::vector<ResealedConnection>> ResealOldSecrets(PgConnection& db, const Keyring& keyring) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult rows, db.Exec(std::string(kSelectSealed) + "WHERE s.key_version != $1 ORDER BY s.connection_id",
                             Params().Int(keyring.active_version())));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<SealedRow> sealed, ReadSealedRows(db, rows));
  std::vector<ResealedConnection> resealed;
  for (const SealedRow& row : sealed) {
    FLOWFILE_RETURN_IF_ERROR(Reseal(db, keyring, row, DestinationBinding(row.connection)));
    if (resealed.empty() || resealed.back().connection_id != row.connection.id) {
      resealed.push_back({row.user_id, row.connection.id, row.connection.connection_name});
    }
  }
  return resealed;
}

Result<int> BindSecretsToDestinations(PgConnection& db, const Keyring& keyring) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult rows, db.Exec(std::string(kSelectSealed) + "ORDER BY s.connection_id"));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<SealedRow> sealed, ReadSealedRows(db, rows));
  // Before schema 3 every secret was sealed for an empty destination.
  for (const SealedRow& row : sealed) FLOWFILE_RETURN_IF_ERROR(Reseal(db, keyring, row, {}));
  return static_cast<int>(sealed.size());
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
  // Every version held, not only the active one: an instance given a
  // different key under the same version number is refused at once.
  for (std::uint32_t version : keyring.versions()) {
    FLOWFILE_ASSIGN_OR_RETURN(std::string fingerprint, keyring.Fingerprint(version));
    FLOWFILE_RETURN_IF_ERROR(
        db.Run("INSERT INTO key_check (key_version, fingerprint) VALUES ($1, $2) ON CONFLICT DO NOTHING",
               Params().Int(version).Bytes(fingerprint)));
  }
  return Status::Ok();
}

Status ForgetKeyVersionsExcept(PgConnection& db, std::uint32_t active) {
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult old,
      db.Exec("SELECT count(*) FROM connection_secrets WHERE key_version != $1", Params().Int(active)));
  if (const std::int64_t old_secrets = old.Int(0, 0); old_secrets > 0) {
    return Error(ErrorCode::kUnavailable,
                 std::to_string(old_secrets) +
                     " secrets are still sealed with an older master key version (written by another process "
                     "during the rotation): re-encrypt the secrets again before dropping old key versions.");
  }
  return db.Run("DELETE FROM key_check WHERE key_version != $1", Params().Int(active));
}

}  // namespace flowfile::postgres
