#include "src/store/sqlite/key_check.h"

#include <string>

#include "src/store/sqlite/secret_rows.h"
#include "src/store/store_errors.h"

namespace flowfile::sqlite {

Status CheckAndRecordKeys(Database& db, const Keyring& keyring, const std::filesystem::path& store_path) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement referenced,
      db.Prepare("SELECT v.key_version, k.fingerprint,"
                 " EXISTS (SELECT 1 FROM connection_secrets s WHERE s.key_version = v.key_version) FROM"
                 " (SELECT key_version FROM key_check UNION SELECT key_version FROM connection_secrets) v"
                 " LEFT JOIN key_check k ON k.key_version = v.key_version"));
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, referenced.Step());
    if (!has_row) break;
    const auto version = static_cast<std::uint32_t>(referenced.ColumnInt(0));
    const bool used_by_secrets = referenced.ColumnInt(2) != 0;
    if (keyring.Find(version) == nullptr) {
      // A check row alone is what a rotation leaves when it stopped after
      // dropping old keys from the key file: nothing needs that key any more.
      if (used_by_secrets) return store::MasterKeyMismatch(store_path);
      continue;
    }
    if (referenced.ColumnIsNull(1)) continue;  // a version whose check value was never recorded
    FLOWFILE_ASSIGN_OR_RETURN(std::string fingerprint, keyring.Fingerprint(version));
    if (fingerprint != referenced.ColumnBlob(1)) return store::MasterKeyMismatch(store_path);
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string active, keyring.Fingerprint(keyring.active_version()));
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement record,
      db.Prepare("INSERT INTO key_check (key_version, fingerprint) VALUES (?, ?) ON CONFLICT DO NOTHING"));
  record.Bind(1, std::int64_t{keyring.active_version()}).BindBlob(2, active);
  return record.Run();
}

Result<std::optional<std::uint32_t>> NewestKeyVersion(Database& db) {
  FLOWFILE_ASSIGN_OR_RETURN(Statement newest, db.PrepareCached("SELECT max(key_version) FROM key_check"));
  FLOWFILE_ASSIGN_OR_RETURN(bool has_row, newest.Step());
  if (!has_row || newest.ColumnIsNull(0)) return std::optional<std::uint32_t>();
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(newest.ColumnInt(0)));
}

Result<std::map<std::uint32_t, std::int64_t>> CountSecretsByKeyVersion(Database& db) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement count, db.Prepare("SELECT key_version, count(*) FROM connection_secrets GROUP BY key_version"));
  std::map<std::uint32_t, std::int64_t> counts;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, count.Step());
    if (!has_row) break;
    counts[static_cast<std::uint32_t>(count.ColumnInt(0))] = count.ColumnInt(1);
  }
  return counts;
}

Status ForgetKeyVersionsExcept(Database& db, std::uint32_t active) {
  FLOWFILE_ASSIGN_OR_RETURN(std::int64_t old_secrets, CountSecretsNotSealedWith(db, active));
  if (old_secrets > 0) {
    return Error(ErrorCode::kUnavailable,
                 std::to_string(old_secrets) +
                     " secrets are still sealed with an older master key version (written by another process "
                     "during the rotation): re-encrypt the secrets again before dropping old key versions.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(Statement forget, db.Prepare("DELETE FROM key_check WHERE key_version != ?"));
  forget.Bind(1, std::int64_t{active});
  return forget.Run();
}

}  // namespace flowfile::sqlite
