// The store backends the conformance suite runs against unchanged: SQLite
// in a temp directory, PostgreSQL in a fresh database of the test cluster.
// A test opens as many store instances on one backend as it likes (two
// instances stand for two processes or two servers).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "flowfile/connection_store.h"
#include "src/store/account_records.h"
#include "src/store/flow_records.h"
#include "tests/store/store_test_support.h"
#include "tests/support/postgres_database.h"
#include "tests/support/temp_directory.h"

namespace flowfile::store_testing {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  virtual Result<std::unique_ptr<ConnectionStore>> OpenStore(std::shared_ptr<const Keyring> keyring) = 0;
  // The account tables; the store must have been opened once before.
  virtual Result<std::unique_ptr<store::AccountRecords>> OpenAccounts() = 0;
  // Runs SQL on the database behind the store's back, as someone with write
  // access to the database but no master key would.
  virtual Status RunBehindTheStore(const std::string& sql) = 0;
  // The saved flows; the store must have been opened once before.
  virtual Result<std::unique_ptr<store::FlowRecords>> OpenFlows() = 0;
};

class SqliteBackend final : public StoreBackend {
 public:
  Result<std::unique_ptr<ConnectionStore>> OpenStore(std::shared_ptr<const Keyring> keyring) override {
    return OpenSqliteStore({path(), std::move(keyring)});
  }
  Result<std::unique_ptr<store::AccountRecords>> OpenAccounts() override {
    return store::OpenSqliteAccountRecords(path());
  }
  Status RunBehindTheStore(const std::string& sql) override {
    FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::Database> db, sqlite::Database::Open(path()));
    return db->Exec(sql);
  }
  Result<std::unique_ptr<store::FlowRecords>> OpenFlows() override { return store::OpenSqliteFlowRecords(path()); }

 private:
  std::filesystem::path path() const { return dir_.path() / "flowfile.db"; }
  testing_support::TempDirectory dir_;
};

class PostgresBackend final : public StoreBackend {
 public:
  Result<std::unique_ptr<ConnectionStore>> OpenStore(std::shared_ptr<const Keyring> keyring) override {
    return OpenPostgresStore({database_.url(), std::move(keyring)});
  }
  Result<std::unique_ptr<store::AccountRecords>> OpenAccounts() override {
    return store::OpenPostgresAccountRecords(database_.url());
  }
  Status RunBehindTheStore(const std::string& sql) override {
    FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgConnection> db,
                              postgres::PgConnection::Connect(database_.url()));
    return db->Run(sql);
  }
  Result<std::unique_ptr<store::FlowRecords>> OpenFlows() override {
    return store::OpenPostgresFlowRecords(database_.url());
  }

 private:
  testing_support::TempPostgresDatabase database_;
};

// Names for INSTANTIATE_TEST_SUITE_P.
inline const std::string kBackendNames[] = {"sqlite", "postgresql"};

// A backend by name; for "postgresql" the caller has checked
// FLOWFILE_REQUIRE_POSTGRES() first.
inline std::unique_ptr<StoreBackend> MakeBackend(const std::string& name) {
  if (name == "postgresql") return std::make_unique<PostgresBackend>();
  return std::make_unique<SqliteBackend>();
}

// A fixture whose parameter is the backend's name.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") FLOWFILE_REQUIRE_POSTGRES();
    backend_ = MakeBackend(GetParam());
    store_ = OpenStore(keyring_);
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<ConnectionStore> OpenStore(std::shared_ptr<const Keyring> keyring) {
    auto opened = backend_->OpenStore(std::move(keyring));
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  std::unique_ptr<StoreBackend> backend_;
  std::shared_ptr<const Keyring> keyring_ = MakeKeyring({1});
  std::unique_ptr<ConnectionStore> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace flowfile::store_testing
