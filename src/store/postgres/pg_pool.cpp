#include "src/store/postgres/pg_pool.h"

namespace flowfile::postgres {
namespace {

// Idle connections kept for reuse; more are opened when more threads call
// at once and closed when they come back to a full pool.
constexpr std::size_t kMaxIdle = 16;

}  // namespace

Result<std::unique_ptr<PgPool>> PgPool::Open(const Secret& url) {
  std::unique_ptr<PgPool> pool(new PgPool(url));
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> first, PgConnection::Connect(url));
  pool->GiveBack(std::move(first));
  return pool;
}

Error PgPool::LostAtCommit() {
  return Error(ErrorCode::kUnavailable,
               "The connection to the PostgreSQL store was lost while committing: the change may or may not have "
               "been saved. Look before trying again.");
}

Result<std::unique_ptr<PgConnection>> PgPool::Borrow() {
  {
    MutexLock lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return PgConnection::Connect(url_);
}

void PgPool::GiveBack(std::unique_ptr<PgConnection> connection) {
  if (!connection->Idle()) return;  // lost, or left inside a transaction: closed
  MutexLock lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
}

}  // namespace flowfile::postgres
