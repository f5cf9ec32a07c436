#include "src/store/sqlite/secret_rows.h"

#include <string>

#include "src/crypto/secret_envelope.h"
#include "src/store/sqlite/key_check.h"

namespace flowfile::sqlite {
namespace {

Status WriteEnvelope(Database& db, std::int64_t connection_id, SecretField field, std::string_view envelope) {
  FLOWFILE_ASSIGN_OR_RETURN(std::uint32_t version, crypto::EnvelopeKeyVersion(envelope));
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement upsert,
      db.PrepareCached(
          "INSERT INTO connection_secrets (connection_id, field, envelope, key_version) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (connection_id, field) DO UPDATE SET envelope = excluded.envelope, "
          "key_version = excluded.key_version"));
  upsert.Bind(1, connection_id)
      .Bind(2, SecretFieldName(field))
      .BindBlob(3, envelope)
      .Bind(4, std::int64_t{version});
  return upsert.Run();
}

Error UnknownField() {
  return Error(ErrorCode::kInternal,
               "The store holds a secret field this flowfile does not know: upgrade flowfile.");
}

// One stored envelope, read before any row is rewritten.
struct SealedRow {
  UserId user_id = 0;
  std::int64_t connection_id = 0;
  std::string connection_name;
  SecretField field = SecretField::kAwsSecretAccessKey;
  std::string envelope;
};

}  // namespace

Status StoreSecret(Database& db, const Keyring& keyring, UserId user, std::int64_t connection_id,
                   SecretField field, const Secret& value) {
  // Another process may have rotated the master key since this keyring was
  // loaded; sealing with the old version now would leave a secret behind when
  // that rotation drops the old key. The caller's write transaction orders
  // this check against the rotation's.
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> newest, NewestKeyVersion(db));
  if (newest && *newest > keyring.active_version()) {
    return Error(
        ErrorCode::kUnavailable,
        "The master key was rotated by another flowfile process, and this process cannot load the new "
        "key (FLOWFILE_MASTER_KEY holds the old one): set it to the new keys and restart this process.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string envelope,
                            crypto::SealSecret(keyring, {user, connection_id, field}, value));
  return WriteEnvelope(db, connection_id, field, envelope);
}

Status RemoveSecret(Database& db, std::int64_t connection_id, SecretField field) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement remove,
      db.PrepareCached("DELETE FROM connection_secrets WHERE connection_id = ? AND field = ?"));
  remove.Bind(1, connection_id).Bind(2, SecretFieldName(field));
  return remove.Run();
}

Result<ConnectionSecrets> LoadSecrets(Database& db, const Keyring& keyring, UserId user,
                                      std::int64_t connection_id) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement query,
      db.PrepareCached("SELECT field, envelope FROM connection_secrets WHERE connection_id = ?"));
  query.Bind(1, connection_id);
  ConnectionSecrets secrets;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return secrets;
    Result<SecretField> field = ParseSecretField(query.ColumnText(0));
    if (!field.ok()) {
      return UnknownField();
    }
    FLOWFILE_ASSIGN_OR_RETURN(
        Secret value, crypto::OpenSecret(keyring, {user, connection_id, *field}, query.ColumnBlob(1)));
    secrets.set(*field, std::move(value));
  }
}

Result<std::vector<ResealedConnection>> ResealOldSecrets(Database& db, const Keyring& keyring) {
  std::vector<SealedRow> rows;
  {
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db.PrepareCached(
            "SELECT c.user_id, s.connection_id, c.name, s.field, s.envelope FROM connection_secrets s "
            "JOIN connections c ON c.id = s.connection_id WHERE s.key_version != ? ORDER BY "
            "s.connection_id"));
    query.Bind(1, std::int64_t{keyring.active_version()});
    while (true) {
      FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) break;
      Result<SecretField> field = ParseSecretField(query.ColumnText(3));
      if (!field.ok()) {
        return UnknownField();
      }
      rows.push_back(
          {query.ColumnInt(0), query.ColumnInt(1), query.ColumnText(2), *field, query.ColumnBlob(4)});
    }
  }
  std::vector<ResealedConnection> resealed;
  for (const SealedRow& row : rows) {
    const crypto::SecretContext context{row.user_id, row.connection_id, row.field};
    FLOWFILE_ASSIGN_OR_RETURN(Secret plain, crypto::OpenSecret(keyring, context, row.envelope));
    FLOWFILE_ASSIGN_OR_RETURN(std::string envelope, crypto::SealSecret(keyring, context, plain));
    FLOWFILE_RETURN_IF_ERROR(WriteEnvelope(db, row.connection_id, row.field, envelope));
    if (resealed.empty() || resealed.back().connection_id != row.connection_id) {
      resealed.push_back({row.user_id, row.connection_id, row.connection_name, 0});
    }
    ++resealed.back().secrets;
  }
  return resealed;
}

Result<std::int64_t> CountSecretsNotSealedWith(Database& db, std::uint32_t version) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement query, db.PrepareCached("SELECT count(*) FROM connection_secrets WHERE key_version != ?"));
  query.Bind(1, std::int64_t{version});
  FLOWFILE_RETURN_IF_ERROR(query.Step().status());
  return query.ColumnInt(0);
}

}  // namespace flowfile::sqlite
