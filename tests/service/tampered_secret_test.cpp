// A stored secret whose envelope was altered (a disk fault, or someone with
// the database file) is reported as kTampered by every engine call that
// opens it, is never used, and leaves the public view readable.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <string>

#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"
#include "tests/support/temp_directory.h"

namespace flowfile::service {
namespace {

constexpr const char* kSecret = "CANARY-tampered-secret-value";

// Flips the last bit of every stored secret envelope (its authentication tag).
void TamperEverySecret(const std::filesystem::path& database) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rowid, envelope FROM connection_secrets", -1, &select, nullptr),
            SQLITE_OK);
  std::vector<std::pair<sqlite3_int64, std::string>> rows;
  while (sqlite3_step(select) == SQLITE_ROW) {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(select, 1));
    rows.emplace_back(sqlite3_column_int64(select, 0), std::string(bytes, sqlite3_column_bytes(select, 1)));
  }
  sqlite3_finalize(select);
  ASSERT_FALSE(rows.empty());
  for (auto& [rowid, envelope] : rows) {
    envelope.back() = static_cast<char>(envelope.back() ^ 1);
    sqlite3_stmt* update = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "UPDATE connection_secrets SET envelope = ? WHERE rowid = ?", -1, &update, nullptr),
        SQLITE_OK);
    sqlite3_bind_blob(update, 1, envelope.data(), static_cast<int>(envelope.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, rowid);
    ASSERT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_finalize(update);
  }
  sqlite3_close(db);
}

void ExpectTampered(const Error& error, const std::string& call) {
  EXPECT_EQ(error.code(), ErrorCode::kTampered) << call << ": " << error.message();
  EXPECT_EQ(error.message().find(kSecret), std::string::npos) << call;
}

TEST(TamperedSecret, EveryCallThatOpensItIsTamperedAndThePublicViewStays) {
  ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
  testing_support::TempDirectory dir;
  auto engine = EmbeddedEngine::Open(dir.path());
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  const UserSession session = (*engine)->ForUser(kLocalUserId);
  Connection connection;
  connection.info.connection_name = "lake";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_access_key_id = "AKIAEXAMPLE";
  connection.info.endpoint_url = "http://127.0.0.1:9";  // never reached: the secret fails to open first
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kSecret));
  ASSERT_TRUE(session.CreateConnection(connection).ok());
  TamperEverySecret((*engine)->store_path());

  auto tested = session.TestConnection("lake", "s3://bucket/");
  ASSERT_FALSE(tested.ok());
  ExpectTampered(tested.error(), "TestConnection");
  auto browsed = session.Browse("lake", "s3://bucket/", "", 10);
  ASSERT_FALSE(browsed.ok());
  ExpectTampered(browsed.error(), "Browse");
  ScanRequest scan;
  scan.path = "s3://bucket/x.parquet";
  auto scanned = session.Scan("lake", scan);
  ASSERT_FALSE(scanned.ok());
  ExpectTampered(scanned.error(), "Scan");

  auto shown = session.GetConnection("lake");
  ASSERT_TRUE(shown.ok()) << shown.error().message();
  EXPECT_EQ(shown->aws_access_key_id, "AKIAEXAMPLE");
  EXPECT_TRUE(session.DeleteConnection("lake").ok());
}

}  // namespace
}  // namespace flowfile::service
