// How the instances of one PostgreSQL store agree on the master key version
// new secrets are sealed with, so that a rotation run through one instance
// never leaves another unable to open what it wrote.
//
// Every instance keeps its master keys where it loaded them (a key file or
// FLOWFILE_MASTER_KEY) and publishes, in the key_holders table, which
// versions it holds: at start, and at every heartbeat, after loading its
// keys again (reload_keyring), so a key file updated in place is picked up
// without a restart. The database names one sealing version (sealing_key);
// every instance seals with exactly that version and opens with the versions
// up to it, whatever newer keys it already has. A version becomes the
// sealing one (Activate, the first step of a rotation) only when every
// instance seen within the last three heartbeats holds it: a new key is
// readable everywhere before anything is written with it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "src/store/postgres/pg_connection.h"

namespace flowfile::postgres {

class SharedKeyring {
 public:
  using Reload = std::function<Result<std::shared_ptr<const Keyring>>()>;

  // `reload` may be empty (keys only from `keyring`). Thread-safe.
  SharedKeyring(std::shared_ptr<const Keyring> keyring, Reload reload, std::chrono::milliseconds heartbeat);

  // At open, inside a transaction holding the key lock: records this
  // instance's versions and, in a store that names none yet, makes this
  // keyring's active version the sealing one.
  Status Join(PgConnection& db);
  // At close: this instance no longer holds anything.
  Status Leave(PgConnection& db);
  // Loads the keys again and records what this instance holds now.
  Status Heartbeat(PgConnection& db);
  // Records `keyring` as what this instance holds (a rotation's new keys,
  // before it waits for the other instances).
  Status Publish(PgConnection& db, const Keyring& keyring) { return Record(db, keyring); }

  // The keyring to seal and open with in this transaction: this instance's
  // keys up to the sealing version, its active version being the sealing
  // one. Takes the key lock shared (LockKeysShared), so no activation
  // commits before the transaction ends. When this instance lacks the
  // sealing version even after loading its keys again, its own keyring is
  // returned: old secrets still open, and StoreSecret refuses to seal.
  Result<std::shared_ptr<const Keyring>> ForTransaction(PgConnection& db);

  // Makes `keyring`'s active version the sealing one and this instance's
  // keyring; the caller holds the key lock exclusively. Errors:
  // kUnavailable naming how many live instances do not hold it yet.
  Status Activate(PgConnection& db, std::shared_ptr<const Keyring> keyring);
  // How many instances seen within the last three heartbeats do not hold
  // `version` (this one counts as it was last recorded).
  Result<std::int64_t> InstancesLacking(PgConnection& db, std::uint32_t version);

  std::chrono::milliseconds heartbeat() const { return heartbeat_; }

 private:
  Status Record(PgConnection& db, const Keyring& keyring);
  std::shared_ptr<const Keyring> Current();
  // Keys up to `version` of `keyring`, cached per keyring and version.
  Result<std::shared_ptr<const Keyring>> SealingView(const std::shared_ptr<const Keyring>& keyring,
                                                     std::uint32_t version);

  const Reload reload_;
  const std::chrono::milliseconds heartbeat_;
  const std::string instance_;  // random, per store object
  std::mutex mutex_;
  std::shared_ptr<const Keyring> keyring_;  // guarded by mutex_
  std::shared_ptr<const Keyring> view_of_;  // guarded by mutex_: the keyring view_ was cut from
  std::shared_ptr<const Keyring> view_;     // guarded by mutex_
};

// The version new secrets are sealed with, if the store names one yet.
Result<std::optional<std::uint32_t>> SealingKeyVersion(PgConnection& db);

}  // namespace flowfile::postgres
