// The reader of upstream Flowfile databases on hand-made files: an older
// schema lacking columns, NULL and dangling secret references, several
// users, a file that is not Flowfile's, and no write to the file.
#include "src/store/upstream/upstream_database.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "src/store/sqlite/sqlite_database.h"
#include "tests/support/temp_directory.h"

namespace flowfile::store {
namespace {

using testing_support::TempDirectory;

std::string Bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An upstream database of an older release: no GCS, session token or
// extra_config columns.
std::filesystem::path MakeOldSchema(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / "flowfile_catalog.db";
  auto db = sqlite::Database::Open(path);
  EXPECT_TRUE(db.ok());
  EXPECT_TRUE(
      (*db)
          ->Exec("PRAGMA journal_mode=DELETE;"
                 "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);"
                 "CREATE TABLE secrets (id INTEGER PRIMARY KEY, name TEXT, encrypted_value TEXT, iv TEXT,"
                 " user_id INTEGER);"
                 "CREATE TABLE cloud_storage_connections (id INTEGER PRIMARY KEY, connection_name TEXT,"
                 " storage_type TEXT, auth_method TEXT, aws_region TEXT, aws_access_key_id TEXT,"
                 " aws_secret_access_key_id INTEGER, aws_role_arn TEXT, aws_allow_unsafe_html BOOLEAN,"
                 " azure_account_name TEXT, azure_account_key_id INTEGER, azure_tenant_id TEXT,"
                 " azure_client_id TEXT, azure_client_secret_id INTEGER, azure_sas_token_id INTEGER,"
                 " endpoint_url TEXT, verify_ssl BOOLEAN, user_id INTEGER);"
                 "INSERT INTO users VALUES (1, 'local_user'), (2, 'alice');"
                 "INSERT INTO secrets VALUES (10, 'k', '$ffsec$1$1$token-a', '', 1);"
                 "INSERT INTO cloud_storage_connections (id, connection_name, storage_type, auth_method,"
                 " aws_region, aws_access_key_id, aws_secret_access_key_id, aws_allow_unsafe_html,"
                 " verify_ssl, user_id) VALUES (1, 's3-a', 's3', 'access_key', 'eu-west-1', 'AKIA1', 10, 1,"
                 " 0, 1);"
                 "INSERT INTO cloud_storage_connections (id, connection_name, storage_type, auth_method,"
                 " azure_account_name, azure_account_key_id, user_id) VALUES (2, 'adls', 'adls',"
                 " 'access_key', 'acct', 99, 2);")
          .ok());
  return path;
}

TEST(UpstreamDatabaseTest, ReadsAnOlderSchemaWithMissingColumnsAsUnset) {
  TempDirectory folder;
  const auto path = MakeOldSchema(folder.path());
  auto upstream = UpstreamDatabase::Open(path);
  ASSERT_TRUE(upstream.ok()) << upstream.error().message();
  auto rows = (*upstream)->CloudConnections();
  ASSERT_TRUE(rows.ok()) << rows.error().message();
  ASSERT_EQ(rows->size(), 2u);
  const UpstreamConnectionRow& s3 = (*rows)[0];
  EXPECT_EQ(s3.connection_name, "s3-a");
  EXPECT_EQ(s3.user_id, 1);
  EXPECT_EQ(s3.aws_region, "eu-west-1");
  EXPECT_EQ(s3.aws_access_key_id, "AKIA1");
  EXPECT_EQ(s3.aws_allow_unsafe_html, std::optional<bool>(true));
  EXPECT_EQ(s3.verify_ssl, std::optional<bool>(false));
  EXPECT_EQ(s3.gcs_project_id, "");
  EXPECT_EQ(s3.extra_config, "");
  ASSERT_EQ(s3.secrets.size(), 1u);
  EXPECT_EQ(s3.secrets[0].field, SecretField::kAwsSecretAccessKey);
  EXPECT_EQ(s3.secrets[0].encrypted_value, "$ffsec$1$1$token-a");
  EXPECT_TRUE(s3.dangling_secrets.empty());
}

TEST(UpstreamDatabaseTest, ReportsASecretReferenceWithoutItsRow) {
  TempDirectory folder;
  auto upstream = UpstreamDatabase::Open(MakeOldSchema(folder.path()));
  ASSERT_TRUE(upstream.ok());
  auto rows = (*upstream)->CloudConnections();
  ASSERT_TRUE(rows.ok());
  const UpstreamConnectionRow& adls = (*rows)[1];
  EXPECT_TRUE(adls.secrets.empty());
  ASSERT_EQ(adls.dangling_secrets.size(), 1u);
  EXPECT_EQ(adls.dangling_secrets[0], SecretField::kAzureAccountKey);
  EXPECT_FALSE(adls.verify_ssl.has_value());
}

TEST(UpstreamDatabaseTest, ListsUsers) {
  TempDirectory folder;
  auto upstream = UpstreamDatabase::Open(MakeOldSchema(folder.path()));
  ASSERT_TRUE(upstream.ok());
  auto users = (*upstream)->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[1].username, "alice");
}

TEST(UpstreamDatabaseTest, LeavesTheFileByteForByte) {
  TempDirectory folder;
  const auto path = MakeOldSchema(folder.path());
  const std::string before = Bytes(path);
  {
    auto upstream = UpstreamDatabase::Open(path);
    ASSERT_TRUE(upstream.ok());
    ASSERT_TRUE((*upstream)->CloudConnections().ok());
    ASSERT_TRUE((*upstream)->Users().ok());
  }
  EXPECT_EQ(Bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "flowfile_catalog.db-wal"));
}

TEST(UpstreamDatabaseTest, RefusesAFileThatIsNotFlowfiles) {
  TempDirectory folder;
  const auto path = folder.path() / "other.db";
  ASSERT_TRUE((*sqlite::Database::Open(path))->Exec("CREATE TABLE t (x)").ok());
  auto upstream = UpstreamDatabase::Open(path);
  ASSERT_FALSE(upstream.ok());
  EXPECT_EQ(upstream.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(upstream.error().field(), "path");
  EXPECT_NE(upstream.error().message().find("not a Flowfile database"), std::string::npos);
}

TEST(UpstreamDatabaseTest, AMissingFileIsNotFoundAndNotCreated) {
  TempDirectory folder;
  auto upstream = UpstreamDatabase::Open(folder.path() / "missing.db");
  ASSERT_FALSE(upstream.ok());
  EXPECT_EQ(upstream.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "missing.db"));
}

}  // namespace
}  // namespace flowfile::store
