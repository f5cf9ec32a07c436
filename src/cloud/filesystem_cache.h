// Opened filesystems, reused across calls: opening one builds an HTTP
// client and credential provider, which is too slow to do per request.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include "flowfile/connection.h"
#include "flowfile/user.h"
#include "src/cloud/filesystem_factory.h"
#include "src/core/mutex.h"

namespace flowfile::cloud {

// Keyed by (user, connection id, credentials_version): a connection whose
// secrets or endpoint changed gets a fresh filesystem, and one user's entry
// is never handed to another. Thread-safe.
class FileSystemCache {
 public:
  // The cached storage for this connection, opening it on a miss. Entries of
  // older credentials versions of the same connection are dropped.
  Result<CloudStorage> GetOrOpen(UserId user, const Connection& connection);
  // The cached storage of that credentials version of the connection, if
  // any: lets a caller skip opening the connection's secrets.
  std::optional<CloudStorage> Find(UserId user, const ConnectionInfo& info) const;
  // Drops every entry of one connection (call on delete, rename, update).
  void Invalidate(UserId user, std::int64_t connection_id);
  std::size_t size() const;

 private:
  void InvalidateLocked(UserId user, std::int64_t connection_id) FLOWFILE_REQUIRES(mutex_);

  using Key = std::tuple<UserId, std::int64_t, std::int64_t>;  // user, connection id, credentials_version
  mutable Mutex mutex_;
  std::map<Key, CloudStorage> entries_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace flowfile::cloud
