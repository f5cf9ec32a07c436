#include "src/store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include "tests/support/temp_directory.h"

namespace flowfile::sqlite {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(dir_.path() / "store.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    db_ = std::move(*opened);
  }

  // Runs a one-row query and returns its first column, or -1 for NULL.
  static std::int64_t FirstValue(Statement& statement) {
    auto has_row = statement.Step();
    EXPECT_TRUE(has_row.ok() && *has_row);
    return statement.ColumnIsNull(0) ? -1 : statement.ColumnInt(0);
  }

  testing_support::TempDirectory dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDatabaseTest, CachedStatementComesBackWithoutOldBindings) {
  {
    auto first = db_->PrepareCached("SELECT ?");
    ASSERT_TRUE(first.ok());
    first->Bind(1, std::int64_t{5});
    EXPECT_EQ(FirstValue(*first), 5);
  }
  auto second = db_->PrepareCached("SELECT ?");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(FirstValue(*second), -1);
}

TEST_F(SqliteDatabaseTest, LiveStatementsOfTheSameSqlAreIndependent) {
  auto first = db_->PrepareCached("SELECT ?");
  auto second = db_->PrepareCached("SELECT ?");
  ASSERT_TRUE(first.ok() && second.ok());
  first->Bind(1, std::int64_t{1});
  second->Bind(1, std::int64_t{2});
  EXPECT_EQ(FirstValue(*first), 1);
  EXPECT_EQ(FirstValue(*second), 2);
}

TEST_F(SqliteDatabaseTest, CachedStatementAbandonedMidResultIsResetForTheNextUse) {
  ASSERT_TRUE(db_->Exec("CREATE TABLE numbers (n INTEGER); INSERT INTO numbers VALUES (1), (2), (3)").ok());
  {
    auto partial = db_->PrepareCached("SELECT n FROM numbers ORDER BY n");
    ASSERT_TRUE(partial.ok());
    EXPECT_EQ(FirstValue(*partial), 1);  // left after the first of three rows
  }
  auto again = db_->PrepareCached("SELECT n FROM numbers ORDER BY n");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(FirstValue(*again), 1);
}

TEST_F(SqliteDatabaseTest, CachedPrepareReportsBadSql) {
  auto bad = db_->PrepareCached("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace flowfile::sqlite
