// What only the PostgreSQL backend has: a database URL whose password is a
// secret, and migrations shared by every instance of one database.
#include <gtest/gtest.h>

#include <string>

#include "src/store/postgres/pg_pool.h"
#include "tests/store/store_backends.h"

namespace flowfile::store_testing {
namespace {

// The test cluster's URL with its password replaced by the canary.
std::string WithCanaryPassword(std::string url) {
  const std::size_t colon = url.find(':', url.find("://") + 3);
  const std::size_t at = url.find('@');
  return url.replace(colon + 1, at - colon - 1, kCanary);
}

void ExpectNoCanary(const Error& error) {
  EXPECT_EQ(error.message().find(kCanary), std::string::npos) << "the password leaked: " << error.message();
  EXPECT_EQ(error.message().find("CANARY"), std::string::npos) << error.message();
}

TEST(PostgresStoreTest, AWrongPasswordIsUnavailableAndNeverQuoted) {
  FLOWFILE_REQUIRE_POSTGRES();
  auto opened =
      OpenPostgresStore({Secret(WithCanaryPassword(testing_support::PostgresTestUrl())), MakeKeyring({1})});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message().find("password authentication failed"), std::string::npos)
      << opened.error().message();
  ExpectNoCanary(opened.error());
}

TEST(PostgresStoreTest, UnreachableAndMalformedUrlsNeverQuoteThePassword) {
  const std::string unreachable = "postgresql://flowfile:" + std::string(kCanary) + "@127.0.0.1:1/flowfile";
  auto refused = OpenPostgresStore({Secret(unreachable), MakeKeyring({1})});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  ExpectNoCanary(refused.error());

  // libpq reads the port only when it connects.
  auto bad_port = OpenPostgresStore(
      {Secret("postgresql://flowfile:" + std::string(kCanary) + "@127.0.0.1:port/db"), MakeKeyring({1})});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_NE(bad_port.error().message().find("port"), std::string::npos) << bad_port.error().message();
  ExpectNoCanary(bad_port.error());

  // An unencoded '/' in the password: libpq takes its first half for the
  // port and the rest for the database, and quotes them.
  for (const char* separator : {"/", "?", "#"}) {
    const std::string first = "Pq7xWm2Lk9Rt", second = "Zk4-CANARY-tail";
    auto misread = OpenPostgresStore(
        {Secret("postgresql://flowfile:" + first + separator + second + "@127.0.0.1:1/db"), MakeKeyring({1})});
    ASSERT_FALSE(misread.ok()) << separator;
    EXPECT_EQ(misread.error().message().find(first), std::string::npos) << misread.error().message();
    EXPECT_EQ(misread.error().message().find(second), std::string::npos) << misread.error().message();
  }

  auto malformed =
      OpenPostgresStore({Secret("postgresql://flowfile:" + std::string(kCanary) + "@127.0.0.1/db?nosuchoption=1"),
                         MakeKeyring({1})});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code(), ErrorCode::kInvalidArgument) << malformed.error().message();
  EXPECT_EQ(malformed.error().field(), "database_url");
  EXPECT_NE(malformed.error().message().find("nosuchoption"), std::string::npos) << malformed.error().message();
  ExpectNoCanary(malformed.error());
  auto other_scheme = OpenPostgresStore({Secret("mysql://u:" + std::string(kCanary) + "@h/db"), MakeKeyring({1})});
  ASSERT_FALSE(other_scheme.ok());
  EXPECT_EQ(other_scheme.error().code(), ErrorCode::kInvalidArgument);
  ExpectNoCanary(other_scheme.error());
}

TEST(PostgresStoreTest, MigrationsAreRecordedOnceAndANewerSchemaIsRefused) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  ASSERT_TRUE(OpenPostgresStore({database.url(), MakeKeyring({1})}).ok());
  ASSERT_TRUE(store::OpenPostgresAccountRecords(database.url()).ok());
  ASSERT_TRUE(OpenPostgresStore({database.url(), MakeKeyring({1})}).ok());
  auto raw = postgres::PgConnection::Connect(database.url());
  ASSERT_TRUE(raw.ok());
  auto versions = (*raw)->Exec("SELECT component, version FROM schema_version ORDER BY component");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->rows(), 2);
  EXPECT_EQ(versions->Text(0, 0), "accounts");
  EXPECT_EQ(versions->Int(0, 1), 2);  // 2: account_grants
  EXPECT_EQ(versions->Text(1, 0), "connections");
  EXPECT_EQ(versions->Int(1, 1), 4);

  ASSERT_TRUE((*raw)->Run("UPDATE schema_version SET version = 99 WHERE component = 'connections'").ok());
  auto newer = OpenPostgresStore({database.url(), MakeKeyring({1})});
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(newer.error().message().find("upgrade flowfile"), std::string::npos);
}

TEST(PostgresStoreTest, SecretsAreSealedOnTheServerNeverStoredPlain) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  auto store = OpenPostgresStore({database.url(), MakeKeyring({1})});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Create(kLocalUserId, S3Connection("lake")).ok());
  auto raw = postgres::PgConnection::Connect(database.url());
  ASSERT_TRUE(raw.ok());
  for (const char* table : {"connections", "connection_secrets", "audit_log"}) {
    auto rows = (*raw)->Exec(std::string("SELECT t::text FROM ") + table + " t");
    ASSERT_TRUE(rows.ok());
    for (int row = 0; row < rows->rows(); ++row) {
      EXPECT_EQ(rows->Text(row, 0).find(kCanary), std::string::npos) << table;
    }
  }
  // An envelope moved to another connection does not open there.
  ASSERT_TRUE((*store)->Create(kLocalUserId, S3Connection("other", "other secret")).ok());
  ASSERT_TRUE(
      (*raw)
          ->Run("UPDATE connection_secrets SET envelope = (SELECT envelope FROM connection_secrets s "
                "JOIN connections c ON c.id = s.connection_id WHERE c.name = 'lake') WHERE connection_id = "
                "(SELECT id FROM connections WHERE name = 'other')")
          .ok());
  EXPECT_EQ((*store)->GetWithSecrets(kLocalUserId, "other").error().code(), ErrorCode::kTampered);
}

TEST(PostgresStoreTest, ConnectionsDroppedByTheServerAreReplacedOnTheNextCall) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  auto store = OpenPostgresStore({database.url(), MakeKeyring({1})});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Create(kLocalUserId, S3Connection("lake")).ok());
  // What a restarted PostgreSQL does to the pool's idle connections.
  auto admin = postgres::PgConnection::Connect(Secret(testing_support::PostgresTestUrl()));
  ASSERT_TRUE(admin.ok());
  auto ended = (*admin)->Exec("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1",
                              postgres::Params().Text(database.name()));
  ASSERT_TRUE(ended.ok()) << ended.error().message();
  ASSERT_GE(ended->Int(0, 0), 1);
  auto listed = (*store)->List(kLocalUserId);
  ASSERT_TRUE(listed.ok()) << listed.error().message();
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*store)->GetWithSecrets(kLocalUserId, "lake").ok());
}

TEST(PostgresStoreTest, ATransactionCutOffBeforeItsCommitRunsAgainOnANewConnection) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  auto pool = postgres::PgPool::Open(database.url());
  ASSERT_TRUE(pool.ok());
  ASSERT_TRUE((*pool)->Transact([](postgres::PgConnection& db) { return db.Run("CREATE TABLE t (x INT)"); }).ok());
  int attempts = 0;
  Status done = (*pool)->Transact([&](postgres::PgConnection& db) -> Status {
    ++attempts;
    FLOWFILE_RETURN_IF_ERROR(db.Run("INSERT INTO t VALUES (1)"));
    // What a restarted PostgreSQL does to a transaction under way.
    if (attempts == 1) return db.Run("SELECT pg_terminate_backend(pg_backend_pid())");
    return Status::Ok();
  });
  ASSERT_TRUE(done.ok()) << done.error().message();
  EXPECT_EQ(attempts, 2);
  auto raw = postgres::PgConnection::Connect(database.url());
  ASSERT_TRUE(raw.ok());
  auto rows = (*raw)->Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 1) << "the cut-off attempt was not rolled back";
}

}  // namespace
}  // namespace flowfile::store_testing
