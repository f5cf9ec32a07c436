#include "src/store/sqlite/sqlite_migrations.h"

#include <gtest/gtest.h>

#include <string_view>

#include "src/store/sqlite/connection_schema.h"
#include "tests/support/temp_directory.h"

namespace flowfile::sqlite {
namespace {

constexpr std::string_view kToySteps[] = {
    "CREATE TABLE toy (id INTEGER PRIMARY KEY)",
    "ALTER TABLE toy ADD COLUMN name TEXT",
};
const MigrationSet kToy{"toy", kToySteps};

class SqliteMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(dir_.path() / "store.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    db_ = std::move(*opened);
  }

  testing_support::TempDirectory dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteMigrationsTest, FreshStoreReachesLatestVersionWithLocalUser) {
  ASSERT_TRUE(MigrateToLatest(*db_, ConnectionSchema()).ok());
  auto version = SchemaVersion(*db_, "connections");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, static_cast<int>(ConnectionSchema().steps.size()));

  auto user = db_->Prepare("SELECT name FROM users WHERE id = 1");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(*user->Step());
  EXPECT_EQ(user->ColumnText(0), "local");
}

TEST_F(SqliteMigrationsTest, AppliesOnlyMissingStepsAndIsIdempotent) {
  const MigrationSet first_step_only{"toy", std::span(kToySteps).first(1)};
  ASSERT_TRUE(MigrateToLatest(*db_, first_step_only).ok());
  EXPECT_EQ(*SchemaVersion(*db_, "toy"), 1);
  ASSERT_TRUE(MigrateToLatest(*db_, kToy).ok());
  ASSERT_TRUE(MigrateToLatest(*db_, kToy).ok());  // would fail if step 2 ran twice
  EXPECT_EQ(*SchemaVersion(*db_, "toy"), 2);
  EXPECT_TRUE(db_->Exec("INSERT INTO toy (id, name) VALUES (1, 'x')").ok());
}

TEST_F(SqliteMigrationsTest, ComponentsHaveIndependentVersions) {
  ASSERT_TRUE(MigrateToLatest(*db_, kToy).ok());
  EXPECT_EQ(*SchemaVersion(*db_, "toy"), 2);
  EXPECT_EQ(*SchemaVersion(*db_, "connections"), 0);
}

TEST_F(SqliteMigrationsTest, FailedStepLeavesVersionUnchanged) {
  constexpr std::string_view kBroken[] = {"CREATE TABLE a (id INTEGER)", "THIS IS NOT SQL"};
  Status status = MigrateToLatest(*db_, {"broken", kBroken});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(*SchemaVersion(*db_, "broken"), 1);
}

TEST_F(SqliteMigrationsTest, RefusesStoreFromNewerFlowfile) {
  ASSERT_TRUE(MigrateToLatest(*db_, kToy).ok());
  ASSERT_TRUE(db_->Exec("UPDATE schema_version SET version = 999 WHERE component = 'toy'").ok());
  Status status = MigrateToLatest(*db_, kToy);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message().find("upgrade flowfile"), std::string::npos);
}

TEST_F(SqliteMigrationsTest, UsesWriteAheadLog) {
  auto mode = db_->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
}

}  // namespace
}  // namespace flowfile::sqlite
