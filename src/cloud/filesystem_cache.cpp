#include "src/cloud/filesystem_cache.h"

#include <limits>

namespace flowfile::cloud {

Result<CloudStorage> FileSystemCache::GetOrOpen(UserId user, const Connection& connection) {
  const Key key{user, connection.info.id, connection.info.credentials_version};
  {
    MutexLock lock(mutex_);
    if (auto found = entries_.find(key); found != entries_.end()) return found->second;
  }
  // Opened outside the lock: S3 setup can take a while and must not block
  // other users. Two racing opens of one key both succeed; one is kept.
  FLOWFILE_ASSIGN_OR_RETURN(CloudStorage storage, OpenStorage(connection));
  MutexLock lock(mutex_);
  InvalidateLocked(user, connection.info.id);
  entries_.emplace(key, storage);
  return storage;
}

std::optional<CloudStorage> FileSystemCache::Find(UserId user, const ConnectionInfo& info) const {
  MutexLock lock(mutex_);
  auto found = entries_.find(Key{user, info.id, info.credentials_version});
  if (found == entries_.end()) return std::nullopt;
  return found->second;
}

void FileSystemCache::Invalidate(UserId user, std::int64_t connection_id) {
  MutexLock lock(mutex_);
  InvalidateLocked(user, connection_id);
}

void FileSystemCache::InvalidateLocked(UserId user, std::int64_t connection_id) {
  auto first = entries_.lower_bound(Key{user, connection_id, std::numeric_limits<std::int64_t>::min()});
  auto last = entries_.upper_bound(Key{user, connection_id, std::numeric_limits<std::int64_t>::max()});
  entries_.erase(first, last);
}

std::size_t FileSystemCache::size() const {
  MutexLock lock(mutex_);
  return entries_.size();
}

}  // namespace flowfile::cloud
