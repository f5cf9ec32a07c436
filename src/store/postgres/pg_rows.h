// Rows of the PostgreSQL store: connections, users and the audit log
// (pg_connection_rows.cpp), sealed secrets and key check values
// (pg_secret_rows.cpp). The same rows and rules as the SQLite store's
// src/store/sqlite/*_rows.h; each function runs inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_store.h"
#include "flowfile/keyring.h"
#include "src/store/postgres/pg_connection.h"

namespace flowfile::postgres {

// Connections. Every lookup filters by user. `for_update` locks the row
// until the transaction ends (a read-then-write of Update, Rename, Delete).
Result<std::optional<ConnectionInfo>> FindConnection(PgConnection& db, UserId user, std::string_view name,
                                                     bool for_update = false);
Result<std::optional<ConnectionInfo>> FindConnectionById(PgConnection& db, UserId user, std::int64_t id);
// Sorted by name, bytewise.
Result<std::vector<ConnectionInfo>> ListConnections(PgConnection& db, UserId user);
// Inserts the public view of a new connection (timestamps `now`,
// credentials_version 1); nullopt when the user has a connection of that
// name, also one committed by another instance a moment ago.
Result<std::optional<std::int64_t>> InsertConnectionRow(PgConnection& db, UserId user, const ConnectionInfo& info,
                                                        std::int64_t now);
Status UpdateConnectionRow(PgConnection& db, const ConnectionInfo& info);

// Users. InsertUser: kInvalidArgument for a bad name, kAlreadyExists.
Result<UserId> InsertUser(PgConnection& db, std::string_view name, std::int64_t now);
Result<std::optional<UserId>> FindUserByName(PgConnection& db, std::string_view name);
Result<bool> UserExists(PgConnection& db, UserId user);

// The audit log.
Status InsertAuditEvent(PgConnection& db, const AuditEvent& event);
Result<std::vector<AuditEvent>> ReadAuditLog(PgConnection& db, UserId user, int limit);

// Secrets, sealed for (user, connection id, field, destination) as in the
// SQLite store (src/store/sqlite/secret_rows.h): `info` is the connection as
// stored, its destination fields bound by DestinationBinding, so a row
// pointed elsewhere behind the store's back opens as kTampered.
Status StoreSecret(PgConnection& db, const Keyring& keyring, UserId user, const ConnectionInfo& info,
                   SecretField field, const Secret& value);
Status RemoveSecret(PgConnection& db, std::int64_t connection_id, SecretField field);
Result<ConnectionSecrets> LoadSecrets(PgConnection& db, const Keyring& keyring, UserId user,
                                      const ConnectionInfo& info);

struct ResealedConnection {
  UserId user_id = 0;
  std::int64_t connection_id = 0;
  std::string connection_name;
};
// Re-seals with the active version every secret sealed with another one.
Result<std::vector<ResealedConnection>> ResealOldSecrets(PgConnection& db, const Keyring& keyring);
// Step 3 of the connection schema: re-seals every secret, sealed before
// then for an empty destination, for its connection's destination as stored
// now. Returns how many were re-sealed. Errors: those of OpenSecret.
Result<int> BindSecretsToDestinations(PgConnection& db, const Keyring& keyring);

// Key checks (see src/store/sqlite/key_check.h); a check value is recorded
// for every version of the keyring.
Status CheckAndRecordKeys(PgConnection& db, const Keyring& keyring);
Status ForgetKeyVersionsExcept(PgConnection& db, std::uint32_t active);

// The order of sealing and rotating across instances: a transaction that
// seals a secret holds the key lock shared, one that rotates (re-seals,
// drops key checks) holds it alone, both until they end.
Status LockKeysShared(PgConnection& db);
Status LockKeysExclusive(PgConnection& db);

}  // namespace flowfile::postgres
