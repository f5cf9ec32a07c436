// A pool of PostgreSQL connections to one database, shared by the threads
// of one store: each call borrows a connection for one transaction and hands
// it back. A connection found lost (PostgreSQL restarted) is connected
// again; a transaction cut off by a lost connection before its COMMIT runs
// again (Transact), so a restart delays calls instead of failing them.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "src/core/mutex.h"
#include "src/store/postgres/pg_connection.h"

namespace flowfile::postgres {

class PgPool {
 public:
  // Connects once, so a bad URL or an unreachable server fails here.
  static Result<std::unique_ptr<PgPool>> Open(const Secret& url);

  // Runs `body(connection)` inside one transaction (BEGIN ... COMMIT, or
  // ROLLBACK when it fails) on a borrowed connection. When the connection
  // to the server is lost before COMMIT was sent (PostgreSQL restarting or
  // failing over), the server has rolled the transaction back, so the whole
  // transaction runs again on a new connection, with growing pauses, for up
  // to kRetryFor: a restart costs a delay rather than an error. A connection
  // lost during COMMIT is never retried (the change may have been saved):
  // kUnavailable says so. `body` must be safe to run again.
  template <typename Body>
  auto Transact(Body&& body) -> decltype(body(std::declval<PgConnection&>())) {
    const auto deadline = std::chrono::steady_clock::now() + kRetryFor;
    std::chrono::milliseconds pause(25);
    while (true) {
      bool lost = false;
      auto result = TransactOnce(body, lost);
      if (result.ok() || !lost || std::chrono::steady_clock::now() + pause > deadline) return result;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(400));
    }
  }

  // How long a transaction is retried while the server cannot be reached.
  static constexpr std::chrono::seconds kRetryFor{5};

 private:
  explicit PgPool(const Secret& url) : url_(url) {}
  // One attempt of Transact; `lost` tells whether it failed because the
  // server could not be reached before anything was committed.
  template <typename Body>
  auto TransactOnce(Body& body, bool& lost) -> decltype(body(std::declval<PgConnection&>())) {
    Result<std::unique_ptr<PgConnection>> borrowed = Borrow();
    if (!borrowed.ok()) {
      lost = borrowed.error().code() == ErrorCode::kUnavailable;
      return borrowed.error();
    }
    std::unique_ptr<PgConnection> connection = std::move(*borrowed);
    Status began = connection->Run("BEGIN");
    if (!began.ok() && connection->Broken()) {
      // An idle connection the server dropped: connect again, then begin.
      began = connection->Reset();
      if (began.ok()) began = connection->Run("BEGIN");
    }
    if (!began.ok()) {
      lost = connection->Broken();
      return began.error();
    }
    auto result = body(*connection);
    if (!result.ok()) {
      lost = connection->Broken();
      (void)connection->Run("ROLLBACK");
    } else if (Status committed = connection->Run("COMMIT"); !committed.ok()) {
      result = connection->Broken() ? LostAtCommit() : committed.error();
      (void)connection->Run("ROLLBACK");
    }
    GiveBack(std::move(connection));
    return result;
  }
  static Error LostAtCommit();
  Result<std::unique_ptr<PgConnection>> Borrow();
  void GiveBack(std::unique_ptr<PgConnection> connection);

  const Secret url_;
  Mutex mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace flowfile::postgres
