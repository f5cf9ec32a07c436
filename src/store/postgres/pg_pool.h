// A pool of PostgreSQL connections to one database, shared by the threads
// of one store: each call borrows a connection for one transaction and hands
// it back. A connection found lost (PostgreSQL restarted) is connected again
// before anything ran on it; one lost during a call fails that call with
// kUnavailable and is dropped.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "src/store/postgres/pg_connection.h"

namespace flowfile::postgres {

class PgPool {
 public:
  // Connects once, so a bad URL or an unreachable server fails here.
  static Result<std::unique_ptr<PgPool>> Open(const Secret& url);

  // Runs `body(connection)` inside one transaction (BEGIN ... COMMIT, or
  // ROLLBACK when it fails) on a borrowed connection.
  template <typename Body>
  auto Transact(Body&& body) -> decltype(body(std::declval<PgConnection&>())) {
    FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> connection, Borrow());
    Status began = connection->Run("BEGIN");
    if (!began.ok() && connection->Broken()) {
      // Nothing ran yet: connecting again and starting over is safe.
      FLOWFILE_RETURN_IF_ERROR(connection->Reset());
      began = connection->Run("BEGIN");
    }
    if (!began.ok()) return began.error();
    auto result = body(*connection);
    if (!result.ok()) {
      (void)connection->Run("ROLLBACK");
    } else if (Status committed = connection->Run("COMMIT"); !committed.ok()) {
      (void)connection->Run("ROLLBACK");
      result = committed.error();
    }
    GiveBack(std::move(connection));
    return result;
  }

 private:
  explicit PgPool(const Secret& url) : url_(url) {}
  Result<std::unique_ptr<PgConnection>> Borrow();
  void GiveBack(std::unique_ptr<PgConnection> connection);

  const Secret url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
};

}  // namespace flowfile::postgres
