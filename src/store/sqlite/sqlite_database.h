// A thin RAII layer over the SQLite C API: one open database, prepared
// statements, and transactions. Not thread-safe: each thread or store
// instance owns its own SqliteDatabase. SQLite's own error text is passed
// through: it names SQL, never bound values, so it carries no secret.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "flowfile/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace flowfile::sqlite {

class Database;

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  // A statement lent by `cache`, handed back (reset) on destruction.
  Statement(sqlite3* db, sqlite3_stmt* stmt, Database* cache) : db_(db), stmt_(stmt), cache_(cache) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based, as in SQLite.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Advances: true with a row to read, false when done.
  Result<bool> Step();
  // Runs to completion, ignoring rows.
  Status Run();
  void Reset();

  std::int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Database* cache_ = nullptr;
};

class Database {
 public:
  // Opens (creating) a database file with WAL journaling, foreign keys on and
  // a busy timeout, so concurrent processes wait instead of failing. The
  // file and its -wal and -shm companions are made mode 0600.
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path);
  // Opens an existing database file that is not ours (another program's)
  // read-only: no journal mode or pragma is changed and nothing is written
  // to it. Error: kNotFound (field "path") when there is no such file;
  // SQLite's own errors as for Open.
  static Result<std::unique_ptr<Database>> OpenReadOnly(const std::filesystem::path& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<Statement> Prepare(std::string_view sql);
  // Like Prepare, but reuses the compiled statement of an earlier call with
  // the same SQL (parsing is most of the cost of a small query). The
  // Statement must not outlive this Database.
  Result<Statement> PrepareCached(std::string_view sql);
  Status Exec(std::string_view sql);
  std::int64_t LastInsertId() const;
  int Changes() const;
  // The newest error text of this connection.
  std::string LastError() const;

 private:
  friend class Statement;
  explicit Database(sqlite3* db) : db_(db) {}
  // Takes back a statement lent by PrepareCached.
  void Return(sqlite3_stmt* stmt);

  sqlite3* db_;
  // Idle compiled statements by SQL text; one in use is not in here, so a
  // statement is never lent twice at once.
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK when it fails).
// IMMEDIATE takes the write lock up front, so two processes never both read
// then both write.
template <typename Body>
auto InTransaction(Database& db, Body&& body) -> decltype(body()) {
  FLOWFILE_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  auto result = body();
  if (!result.ok()) {
    (void)db.Exec("ROLLBACK");
    return result;
  }
  if (Status committed = db.Exec("COMMIT"); !committed.ok()) {
    (void)db.Exec("ROLLBACK");
    return committed.error();
  }
  return result;
}

}  // namespace flowfile::sqlite
