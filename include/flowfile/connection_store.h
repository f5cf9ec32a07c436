// The encrypted, user-scoped store of cloud storage connections.
//
// Every call names the user it acts for; a connection of another user is
// answered as kNotFound, never as forbidden. Secrets are encrypted with the
// store's Keyring before they reach disk and are returned only by
// GetWithSecrets, for the cloud layer. Implementations are safe for use from
// several threads and several processes sharing one store.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_changes.h"
#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "flowfile/user.h"

namespace flowfile {

class ConnectionStore {
 public:
  virtual ~ConnectionStore() = default;

  // Errors: kInvalidArgument (validation), kAlreadyExists.
  virtual Result<ConnectionInfo> Create(UserId user, const Connection& connection) = 0;
  // Atomic: two processes racing create one row; the loser gets the winner's.
  virtual Result<CreateOutcome> CreateIfNotExists(UserId user, const Connection& connection) = 0;

  // Public view. Error: kNotFound ("Connection not found: 'x'. ...").
  virtual Result<ConnectionInfo> Get(UserId user, std::string_view name) = 0;
  virtual Result<ConnectionInfo> GetById(UserId user, std::int64_t id) = 0;
  // With decrypted secrets, for the cloud layer only; records "used" and the
  // last-used time. Errors: kNotFound, kTampered.
  virtual Result<Connection> GetWithSecrets(UserId user, std::string_view name) = 0;
  // Records "used" and the last-used time as GetWithSecrets does, without
  // opening a secret: for a caller that still holds the credentials of
  // `info` (its public view, from Get). Error: kNotFound when it is gone.
  virtual Status RecordUse(UserId user, const ConnectionInfo& info) = 0;
  // Sorted by name.
  virtual Result<std::vector<ConnectionInfo>> List(UserId user) = 0;

  virtual Result<ConnectionInfo> Update(UserId user, std::string_view name, const ConnectionUpdate& update) = 0;
  virtual Result<ConnectionInfo> Rename(UserId user, std::string_view from, std::string_view to) = 0;
  virtual Status Delete(UserId user, std::string_view name) = 0;

  // Appends to the audit log (e.g. "tested" from the cloud layer).
  virtual Status RecordAudit(const AuditEvent& event) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEvent>> AuditLog(UserId user, int limit) = 0;

  // Re-encrypts every secret sealed with an older key version with the
  // keyring's active version, in one transaction, then uses `keyring`.
  // `keyring` must hold every version the store references.
  virtual Status ReencryptSecrets(std::shared_ptr<const Keyring> keyring) = 0;
  // Forgets the key check values of every master key version but `keep`
  // (the step of a rotation between re-sealing and dropping old keys from
  // the key file). Error: kUnavailable when a secret is still sealed with
  // another version (another process wrote it meanwhile): re-encrypt again.
  virtual Status DropKeyChecksExcept(std::uint32_t keep) = 0;
  // How many stored secrets each master key version seals (versions that
  // seal none are absent).
  virtual Result<std::map<std::uint32_t, std::int64_t>> CountSecretsByKeyVersion() = 0;

  // Users (the server's accounts build on these). Errors: kAlreadyExists.
  virtual Result<UserId> CreateUser(std::string_view name) = 0;
  virtual Result<UserId> FindUser(std::string_view name) = 0;
};

struct SqliteStoreOptions {
  // The database file. Default: <data directory>/flowfile.db.
  std::filesystem::path path;
  std::shared_ptr<const Keyring> keyring;
  // Loads the keyring again. When another process has rotated the master
  // key since `keyring` was loaded, the store calls it before sealing or
  // opening secrets and, once the new keys pass the store's key check, uses
  // them. Without it, or when it brings no newer key (FLOWFILE_MASTER_KEY
  // still holds the old one), sealing is refused with kUnavailable.
  std::function<Result<std::shared_ptr<const Keyring>>()> reload_keyring = {};
};

// Opens (creating and migrating) a SQLite store. Checks at once that the
// keyring matches the keys the store was written with: every key version
// that a stored secret uses must be in the keyring, and every key check
// value whose version is in the keyring must match its fingerprint; a
// mismatch is kAccessDenied saying the master key does not match this store.
// Key check rows of versions the keyring lacks and no secret uses are left
// alone (a rotation that stopped after dropping old keys), and the active
// version's check value is recorded when missing.
Result<std::unique_ptr<ConnectionStore>> OpenSqliteStore(const SqliteStoreOptions& options);

struct PostgresStoreOptions {
  // postgresql://user:password@host:port/database?option=value: a secret
  // (never logged, never in an error), read only by libpq.
  Secret url;
  std::shared_ptr<const Keyring> keyring;
  // Loads the keyring again: at every key heartbeat (so a key file updated
  // in place reaches a running instance), and when the store seals with a
  // version this instance lacks. Empty: keys only from `keyring`.
  std::function<Result<std::shared_ptr<const Keyring>>()> reload_keyring = {};
  // How often each instance publishes the key versions it holds. A new
  // version becomes the one secrets are sealed with only when every
  // instance seen within three heartbeats holds it. Default: 5 seconds.
  std::chrono::milliseconds key_heartbeat = std::chrono::seconds(5);
};

// Opens (migrating, once, also when several instances start together) the
// store in a PostgreSQL database shared by several flowfile instances, with
// the key checks of OpenSqliteStore. Errors: kInvalidArgument for a URL
// that is not postgresql://..., kUnavailable when the database cannot be
// reached or refuses the credentials; messages never hold the password.
Result<std::unique_ptr<ConnectionStore>> OpenPostgresStore(const PostgresStoreOptions& options);

// Lets Engine::Open take postgresql:// URLs in this binary. Only in binaries
// that link the PostgreSQL backend (flowfile_store_postgres): the server
// does, the Python module does not (its store is SQLite; it reaches a shared
// store through a server).
void EnablePostgresStore();

}  // namespace flowfile
