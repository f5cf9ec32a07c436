// The key_check table: a fingerprint per master key version the store was
// written with, so opening it with the wrong key fails at once with a clear
// message instead of later as "tampered" secrets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>

#include "flowfile/keyring.h"
#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// Checks that `keyring` holds every key version a stored secret uses, and
// that every recorded check value of a version in `keyring` matches its
// fingerprint; then records the active version's check value if missing.
// The caller holds the transaction. Error: kAccessDenied naming
// `store_path` and the fix.
Status CheckAndRecordKeys(Database& db, const Keyring& keyring, const std::filesystem::path& store_path);

// The newest master key version the store has a check value of: after a
// rotation by any process, its new active version. nullopt for a new store.
Result<std::optional<std::uint32_t>> NewestKeyVersion(Database& db);

// How many secrets each key version seals.
Result<std::map<std::uint32_t, std::int64_t>> CountSecretsByKeyVersion(Database& db);

// Deletes the key_check rows of versions other than `active`. Error:
// kUnavailable when a secret is still sealed with another version.
Status ForgetKeyVersionsExcept(Database& db, std::uint32_t active);

}  // namespace flowfile::sqlite
