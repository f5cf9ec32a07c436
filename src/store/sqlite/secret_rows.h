// Sealed secrets in the connection_secrets table: one envelope per
// connection and field, sealed for (user, connection id, field, destination)
// so a row copied elsewhere, or a connection pointed elsewhere behind the
// store's back, does not open. Plain values exist only in memory.
#pragma once

#include <cstdint>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_store.h"
#include "flowfile/keyring.h"
#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// Seals `value` with the keyring's active version for the connection `info`
// (its id and destination fields) and stores it, replacing the field's
// previous envelope.
Status StoreSecret(Database& db, const Keyring& keyring, UserId user, const ConnectionInfo& info,
                   SecretField field, const Secret& value);
Status RemoveSecret(Database& db, std::int64_t connection_id, SecretField field);

// Opens every stored secret of the connection `info` as it is stored now.
// Errors: kTampered when an envelope does not authenticate (also when a
// destination field changed since it was sealed), kAccessDenied when its key
// version is not in the keyring.
Result<ConnectionSecrets> LoadSecrets(Database& db, const Keyring& keyring, UserId user,
                                      const ConnectionInfo& info);

struct ResealedConnection {
  UserId user_id = 0;
  std::int64_t connection_id = 0;
  std::string connection_name;
  int secrets = 0;
};

// Re-seals with the keyring's active version every secret sealed with
// another version; the caller holds the transaction. Returns the
// connections touched, in id order. Errors: those of LoadSecrets.
Result<std::vector<ResealedConnection>> ResealOldSecrets(Database& db, const Keyring& keyring);

// Re-seals every envelope of format 1 (written before secrets were bound to
// their destination) for the connection's current destination; the caller
// holds the transaction. A one-time migration: new envelopes never have
// format 1. Returns how many were re-sealed. Errors: those of LoadSecrets.
Result<int> ResealFormat1Secrets(Database& db, const Keyring& keyring);

// How many secrets are sealed with a version other than `version`.
Result<std::int64_t> CountSecretsNotSealedWith(Database& db, std::uint32_t version);

}  // namespace flowfile::sqlite
