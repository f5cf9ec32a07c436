// The databases connection_store_bench measures: SQLite in a temp directory
// and PostgreSQL in a fresh database of the cluster named by
// FLOWFILE_TEST_POSTGRES_URL (scripts/services/postgres), each with a raw
// client that inserts and selects plain rows, for the rate of the database
// itself beside the store's.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "flowfile/connection_store.h"
#include "flowfile/keyring.h"
#include "src/store/postgres/pg_connection.h"
#include "src/store/sqlite/sqlite_database.h"
#include "tests/support/temp_directory.h"

namespace flowfile::bench {

enum Backend : int { kSqlite = 0, kPostgres = 1 };

inline const char* BackendName(Backend backend) { return backend == kSqlite ? "sqlite" : "postgresql"; }

inline void Must(const Status& status) {
  if (!status.ok()) std::abort();
}

// One client of the raw table (id BIGINT PRIMARY KEY, payload BLOB/BYTEA),
// one per thread.
class RawClient {
 public:
  virtual ~RawClient() = default;
  virtual void Insert(std::int64_t id, std::string_view payload) = 0;
  virtual void Select(std::int64_t id) = 0;
};

class BenchDatabase {
 public:
  virtual ~BenchDatabase() = default;
  virtual std::unique_ptr<ConnectionStore> OpenStore() = 0;
  virtual std::unique_ptr<RawClient> Raw() = 0;

 protected:
  static std::shared_ptr<const Keyring> BenchKeyring() {
    auto keyring = Keyring::FromKeys({{1, Secret(std::string(kMasterKeySize, 'k'))}});
    if (!keyring.ok()) std::abort();
    return *keyring;
  }
};

class SqliteRaw final : public RawClient {
 public:
  explicit SqliteRaw(const std::filesystem::path& path) {
    auto db = sqlite::Database::Open(path);
    if (!db.ok()) std::abort();
    db_ = std::move(*db);
  }
  void Insert(std::int64_t id, std::string_view payload) override {
    auto insert = db_->PrepareCached("INSERT INTO raw_rows (id, payload) VALUES (?, ?)");
    if (!insert.ok()) std::abort();
    Must(insert->Bind(1, id).BindBlob(2, payload).Run());
  }
  void Select(std::int64_t id) override {
    auto select = db_->PrepareCached("SELECT payload FROM raw_rows WHERE id = ?");
    if (!select.ok()) std::abort();
    select->Bind(1, id);
    if (!select->Step().ok()) std::abort();
  }

 private:
  std::unique_ptr<sqlite::Database> db_;
};

class SqliteBench final : public BenchDatabase {
 public:
  SqliteBench() {
    auto db = sqlite::Database::Open(path());
    if (!db.ok()) std::abort();
    Must((*db)->Exec("CREATE TABLE raw_rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)"));
  }
  std::unique_ptr<ConnectionStore> OpenStore() override {
    auto opened = OpenSqliteStore({path(), BenchKeyring()});
    if (!opened.ok()) std::abort();
    return std::move(*opened);
  }
  std::unique_ptr<RawClient> Raw() override { return std::make_unique<SqliteRaw>(path()); }

 private:
  std::filesystem::path path() const { return dir_.path() / "flowfile.db"; }
  testing_support::TempDirectory dir_;
};

class PostgresRaw final : public RawClient {
 public:
  explicit PostgresRaw(const Secret& url) {
    auto connection = postgres::PgConnection::Connect(url);
    if (!connection.ok()) std::abort();
    db_ = std::move(*connection);
  }
  void Insert(std::int64_t id, std::string_view payload) override {
    Must(
        db_->Run("INSERT INTO raw_rows (id, payload) VALUES ($1, $2)", postgres::Params().Int(id).Bytes(payload)));
  }
  void Select(std::int64_t id) override {
    Must(db_->Run("SELECT payload FROM raw_rows WHERE id = $1", postgres::Params().Int(id)));
  }

 private:
  std::unique_ptr<postgres::PgConnection> db_;
};

class PostgresBench final : public BenchDatabase {
 public:
  PostgresBench() {
    const char* admin = std::getenv("FLOWFILE_TEST_POSTGRES_URL");
    if (admin == nullptr) {
      std::fputs("connection_store_bench: set FLOWFILE_TEST_POSTGRES_URL (scripts/services/postgres)\n", stderr);
      std::exit(2);
    }
    admin_ = admin;
    name_ = "flowfile_bench_" + std::to_string(std::random_device()() % 1000000);
    Admin("CREATE DATABASE " + name_);
    url_ = Secret(admin_.substr(0, admin_.rfind('/') + 1) + name_);
    auto db = postgres::PgConnection::Connect(url_);
    if (!db.ok()) std::abort();
    Must((*db)->Run("CREATE TABLE raw_rows (id BIGINT PRIMARY KEY, payload BYTEA NOT NULL)"));
  }
  ~PostgresBench() override { Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  std::unique_ptr<ConnectionStore> OpenStore() override {
    auto opened = OpenPostgresStore({url_, BenchKeyring()});
    if (!opened.ok()) std::abort();
    return std::move(*opened);
  }
  std::unique_ptr<RawClient> Raw() override { return std::make_unique<PostgresRaw>(url_); }

 private:
  void Admin(const std::string& sql) {
    auto admin = postgres::PgConnection::Connect(Secret(admin_));
    if (!admin.ok()) std::abort();
    Must((*admin)->Run(sql));
  }

  std::string admin_;
  std::string name_;
  Secret url_;
};

}  // namespace flowfile::bench
