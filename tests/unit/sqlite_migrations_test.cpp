#include "src/store/sqlite/sqlite_migrations.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/temp_directory.h"

namespace flowfile::sqlite {
namespace {

TEST(SqliteMigrationsTest, FreshStoreReachesLatestVersionWithLocalUser) {
  testing_support::TempDirectory dir;
  auto db = Database::Open(dir.path() / "store.db");
  ASSERT_TRUE(db.ok()) << db.error().message();
  ASSERT_TRUE(MigrateToLatest(**db).ok());

  auto version = (*db)->Prepare("SELECT version FROM schema_version");
  ASSERT_TRUE(version.ok());
  ASSERT_TRUE(*version->Step());
  EXPECT_EQ(version->ColumnInt(0), LatestSchemaVersion());

  auto user = (*db)->Prepare("SELECT name FROM users WHERE id = 1");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(*user->Step());
  EXPECT_EQ(user->ColumnText(0), "local");
}

TEST(SqliteMigrationsTest, SecondRunChangesNothing) {
  testing_support::TempDirectory dir;
  auto db = Database::Open(dir.path() / "store.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(MigrateToLatest(**db).ok());
  ASSERT_TRUE(MigrateToLatest(**db).ok());
  auto count = (*db)->Prepare("SELECT count(*) FROM schema_version");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt(0), 1);
}

TEST(SqliteMigrationsTest, RefusesStoreFromNewerFlowfile) {
  testing_support::TempDirectory dir;
  auto db = Database::Open(dir.path() / "store.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(MigrateToLatest(**db).ok());
  ASSERT_TRUE((*db)->Exec("UPDATE schema_version SET version = 999").ok());
  Status status = MigrateToLatest(**db);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("upgrade flowfile"), std::string::npos);
}

TEST(SqliteMigrationsTest, UsesWriteAheadLog) {
  testing_support::TempDirectory dir;
  auto db = Database::Open(dir.path() / "store.db");
  ASSERT_TRUE(db.ok());
  auto mode = (*db)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
}

}  // namespace
}  // namespace flowfile::sqlite
