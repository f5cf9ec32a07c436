#include "src/store/sqlite/secret_rows.h"

#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection_rules.h"
#include "src/crypto/secret_envelope.h"
#include "src/store/sqlite/connection_rows.h"
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

// The envelopes a query selects, as (user_id, connection_id, name, field,
// envelope) rows.
Result<std::vector<SealedRow>> ReadSealedRows(Statement& query) {
  std::vector<SealedRow> rows;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return rows;
    Result<SecretField> field = ParseSecretField(query.ColumnText(3));
    if (!field.ok()) return UnknownField();
    rows.push_back({query.ColumnInt(0), query.ColumnInt(1), query.ColumnText(2), *field, query.ColumnBlob(4)});
  }
}

// The destination binding of the connection a row belongs to.
Result<std::string> DestinationOfRow(Database& db, const SealedRow& row) {
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<ConnectionInfo> info,
                            FindConnectionById(db, row.user_id, row.connection_id));
  if (!info) return Error(ErrorCode::kInternal, "A sealed secret belongs to no connection.");
  return DestinationBinding(*info);
}

}  // namespace

Status StoreSecret(Database& db, const Keyring& keyring, UserId user, const ConnectionInfo& info,
                   SecretField field, const Secret& value) {
  // Another process may have rotated the master key since this keyring was
  // loaded; sealing with the old version now would leave a secret behind when
  // that rotation drops the old key. The caller's write transaction orders
  // this check against the rotation's.
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> newest, NewestKeyVersion(db));
  if (newest && *newest > keyring.active_version()) {
    return Error(ErrorCode::kUnavailable,
                 "The master key was rotated by another flowfile process, and this process cannot load the new "
                 "key (FLOWFILE_MASTER_KEY holds the old one): set it to the new keys and restart this process.");
  }
  const std::string destination = DestinationBinding(info);
  FLOWFILE_ASSIGN_OR_RETURN(std::string envelope,
                            crypto::SealSecret(keyring, {user, info.id, field, destination}, value));
  return WriteEnvelope(db, info.id, field, envelope);
}

Status RemoveSecret(Database& db, std::int64_t connection_id, SecretField field) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement remove, db.PrepareCached("DELETE FROM connection_secrets WHERE connection_id = ? AND field = ?"));
  remove.Bind(1, connection_id).Bind(2, SecretFieldName(field));
  return remove.Run();
}

Result<ConnectionSecrets> LoadSecrets(Database& db, const Keyring& keyring, UserId user,
                                      const ConnectionInfo& info) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement query, db.PrepareCached("SELECT field, envelope FROM connection_secrets WHERE connection_id = ?"));
  query.Bind(1, info.id);
  const std::string destination = DestinationBinding(info);
  ConnectionSecrets secrets;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return secrets;
    Result<SecretField> field = ParseSecretField(query.ColumnText(0));
    if (!field.ok()) {
      return UnknownField();
    }
    FLOWFILE_ASSIGN_OR_RETURN(
        Secret value, crypto::OpenSecret(keyring, {user, info.id, *field, destination}, query.ColumnBlob(1)));
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
    FLOWFILE_ASSIGN_OR_RETURN(rows, ReadSealedRows(query));
  }
  std::vector<ResealedConnection> resealed;
  for (const SealedRow& row : rows) {
    FLOWFILE_ASSIGN_OR_RETURN(std::string destination, DestinationOfRow(db, row));
    const crypto::SecretContext context{row.user_id, row.connection_id, row.field, destination};
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

Result<int> ResealFormat1Secrets(Database& db, const Keyring& keyring) {
  std::vector<SealedRow> rows;
  {
    // Byte 5 of an envelope is its format (secret_envelope.h).
    FLOWFILE_ASSIGN_OR_RETURN(
        Statement query,
        db.Prepare("SELECT c.user_id, s.connection_id, c.name, s.field, s.envelope FROM connection_secrets s "
                   "JOIN connections c ON c.id = s.connection_id WHERE substr(s.envelope, 5, 1) = x'01'"));
    FLOWFILE_ASSIGN_OR_RETURN(rows, ReadSealedRows(query));
  }
  for (const SealedRow& row : rows) {
    FLOWFILE_ASSIGN_OR_RETURN(std::string destination, DestinationOfRow(db, row));
    const crypto::SecretContext context{row.user_id, row.connection_id, row.field, destination};
    FLOWFILE_ASSIGN_OR_RETURN(Secret plain, crypto::OpenFormat1Secret(keyring, context, row.envelope));
    FLOWFILE_ASSIGN_OR_RETURN(std::string envelope, crypto::SealSecret(keyring, context, plain));
    FLOWFILE_RETURN_IF_ERROR(WriteEnvelope(db, row.connection_id, row.field, envelope));
  }
  return static_cast<int>(rows.size());
}

Result<std::int64_t> CountSecretsNotSealedWith(Database& db, std::uint32_t version) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement query,
                            db.PrepareCached("SELECT count(*) FROM connection_secrets WHERE key_version != ?"));
  query.Bind(1, std::int64_t{version});
  FLOWFILE_RETURN_IF_ERROR(query.Step().status());
  return query.ColumnInt(0);
}

}  // namespace flowfile::sqlite
