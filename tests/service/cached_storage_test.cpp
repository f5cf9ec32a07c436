// A data call on a connection whose filesystem is already open does not
// open the connection's secrets again, and its use is still audited.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "flowfile/engine.h"
#include "tests/support/s3_emulator.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

Connection EmulatorConnection(const std::string& endpoint) {
  Connection c;
  c.info.connection_name = "lake";
  c.info.storage_type = StorageType::kS3;
  c.info.auth_method = AuthMethod::kAccessKey;
  c.info.aws_region = "us-east-1";
  c.info.aws_access_key_id = "AKIAEXAMPLE";
  c.info.endpoint_url = endpoint;
  c.info.aws_allow_unsafe_html = true;
  c.secrets.set(SecretField::kAwsSecretAccessKey, Secret("cached-storage-secret"));
  return c;
}

// Overwrites every sealed secret in the store file, as an attacker with
// write access to it would: opening any of them now fails.
void CorruptSealedSecrets(const std::filesystem::path& db_path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, "UPDATE connection_secrets SET envelope = randomblob(length(envelope))", nullptr,
                              nullptr, &message);
  sqlite3_free(message);
  EXPECT_EQ(rc, SQLITE_OK);
  EXPECT_GT(sqlite3_changes(db), 0);
  sqlite3_close(db);
}

int UsedEvents(UserSession& session) {
  auto log = session.AuditLog(100);
  EXPECT_TRUE(log.ok()) << log.error().message();
  int used = 0;
  for (const AuditEvent& event : log.ok() ? *log : std::vector<AuditEvent>{}) used += event.action == "used";
  return used;
}

TEST(CachedStorageTest, SecondUseOpensNoSecretAndIsStillAudited) {
  const std::string endpoint = testing_support::S3EmulatorEndpoint();
  ASSERT_FALSE(endpoint.empty()) << testing_support::kMissingEmulatorHint;
  testing_support::TempDirectory dir;
  auto engine = Engine::Open(dir.path());
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  UserSession session = (*engine)->ForUser(kLocalUserId);
  ASSERT_TRUE(session.CreateConnection(EmulatorConnection(endpoint)).ok());

  auto first = session.TestConnection("lake", "");
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->ok) << first->message;
  CorruptSealedSecrets(dir.path() / "flowfile.db");

  // The filesystem opened by the first call is reused: no secret is opened.
  auto second = session.TestConnection("lake", "");
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_TRUE(second->ok) << second->message;
  EXPECT_EQ(UsedEvents(session), 2);

  // A process without that filesystem has to open the secrets, and finds
  // them corrupt: the second call above really skipped them.
  auto fresh_engine = Engine::Open(dir.path());
  ASSERT_TRUE(fresh_engine.ok()) << fresh_engine.error().message();
  auto fresh = (*fresh_engine)->ForUser(kLocalUserId).TestConnection("lake", "");
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code(), ErrorCode::kTampered) << fresh.error().message();
}

}  // namespace
}  // namespace flowfile
