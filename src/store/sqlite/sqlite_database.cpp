#include "src/store/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <system_error>

namespace flowfile::sqlite {
namespace {

// The store holds sealed secrets and password hashes: its file is the
// owner's alone, whatever the umask. SQLite gives the -wal and -shm files it
// creates the mode of the database file, so creating that one 0600 covers
// them; files of an older, looser store are narrowed.
Status RestrictToOwner(const std::filesystem::path& path) {
  // Never open and close a descriptor of a store this process may have open
  // already: closing any descriptor of a file drops every POSIX lock the
  // process holds on it, SQLite's included, and another connection (the
  // accounts beside the connection store) would then read a stale snapshot.
  // So only a file that does not exist yet is created here, and an existing
  // one is narrowed by its path.
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno != EEXIST) {
      return Error(ErrorCode::kUnavailable,
                   "Cannot open the store " + path.string() + ": " + std::strerror(errno));
    }
    if (fd >= 0) ::close(fd);
  } else if ((status.st_mode & 077) != 0 && ::chmod(path.c_str(), 0600) != 0) {
    return Error(ErrorCode::kUnavailable, "Cannot make the store " + path.string() +
                                              " private to its owner (chmod 600): " + std::strerror(errno));
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string companion = path.string() + suffix;
    if (::stat(companion.c_str(), &status) == 0 && (status.st_mode & 077) != 0) ::chmod(companion.c_str(), 0600);
  }
  return Status::Ok();
}

// What a failure of the store's file means for the user, and what to do.
// Every write runs in a transaction, which SQLite rolls back on any of
// these, so each says that nothing was changed.
Error SqliteError(sqlite3* db, int rc, std::string_view doing) {
  const std::string detail = std::string(doing) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {  // the primary result code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorCode::kUnavailable, "The store is busy: another process kept it locked for over 10 s (" +
                                                detail + "). Try again; nothing was changed.");
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Error(ErrorCode::kUnavailable,
                   "The store file could not be written or read (" + detail +
                       "): the disk may be full or a file size limit reached. Free some space and try again; "
                       "nothing was changed.");
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return Error(ErrorCode::kAccessDenied,
                   "The store file cannot be written (" + detail +
                       "): check that the data directory and its files are writable by this user and not on a "
                       "read-only file system. Nothing was changed.");
    case SQLITE_CONSTRAINT:
      return Error(ErrorCode::kAlreadyExists, detail);
    default:
      return Error(ErrorCode::kInternal, detail);
  }
}

}  // namespace

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), cache_(other.cache_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cache_ != nullptr) {
    cache_->Return(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "SQLite statement failed");
}

Status Statement::Run() {
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::string Statement::ColumnBlob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::ColumnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& path) {
  FLOWFILE_RETURN_IF_ERROR(RestrictToOwner(path));
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(raw, rc, "Cannot open the store " + path.string());
    sqlite3_close(raw);
    return error;
  }
  std::unique_ptr<Database> db(new Database(raw));
  sqlite3_busy_timeout(raw, 10000);
  FLOWFILE_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  FLOWFILE_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  FLOWFILE_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  return db;
}

Result<std::unique_ptr<Database>> Database::OpenReadOnly(const std::filesystem::path& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    return Error(ErrorCode::kNotFound, "No database file at " + path.string() + ".", "path");
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(raw, rc, "Cannot open the database " + path.string() + " read-only");
    sqlite3_close(raw);
    return error;
  }
  std::unique_ptr<Database> db(new Database(raw));
  sqlite3_busy_timeout(raw, 10000);
  // A second guard beside the read-only handle: refuse any statement that writes.
  FLOWFILE_RETURN_IF_ERROR(db->Exec("PRAGMA query_only=ON"));
  return db;
}

Database::~Database() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "Cannot prepare SQL");
  return Statement(db_, stmt);
}

Result<Statement> Database::PrepareCached(std::string_view sql) {
  auto idle = idle_.find(std::string(sql));
  if (idle != idle_.end()) {
    sqlite3_stmt* stmt = idle->second;
    idle_.erase(idle);
    return Statement(db_, stmt, this);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "Cannot prepare SQL");
  // Return() files a statement under its own text: cache only when that
  // text is the key callers ask with.
  if (std::string_view(sqlite3_sql(stmt)) != sql) return Statement(db_, stmt);
  return Statement(db_, stmt, this);
}

void Database::Return(sqlite3_stmt* stmt) {
  // Reset ends the statement's read of the database; clearing the bindings
  // lets go of the bound values.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  idle_.emplace(sqlite3_sql(stmt), stmt);
}

Status Database::Exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "SQLite failed");
  return Status::Ok();
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }
std::string Database::LastError() const { return sqlite3_errmsg(db_); }

}  // namespace flowfile::sqlite
