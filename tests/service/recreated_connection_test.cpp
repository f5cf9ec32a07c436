// Two engines on one data directory, as a server beside a command line: a
// connection deleted and made again by one is never served by the other
// from the filesystem it had opened for the deleted one. Against moto's
// IAM-checking server (scripts/services/moto-secure), so only the right
// secret passes the connection test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "flowfile/engine.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

Connection SecureMoto(const std::string& secret) {
  Connection c;
  c.info.connection_name = "lake";
  c.info.storage_type = StorageType::kS3;
  c.info.auth_method = AuthMethod::kAccessKey;
  c.info.aws_region = "us-east-1";
  c.info.aws_access_key_id = Env("FLOWFILE_TEST_S3_SECURE_KEY_ID");
  c.info.endpoint_url = Env("FLOWFILE_TEST_S3_SECURE_ENDPOINT");
  c.info.verify_ssl = false;  // moto-secure's certificate is self-signed
  c.secrets.set(SecretField::kAwsSecretAccessKey, Secret(secret));
  return c;
}

bool Passes(const UserSession& session) {
  auto result = session.TestConnection("lake", "");
  EXPECT_TRUE(result.ok()) << result.error().message();
  return result.ok() && result->ok;
}

TEST(RecreatedConnectionTest, AnotherEngineNeverServesTheDeletedConnectionsFilesystem) {
  const std::string secret = Env("FLOWFILE_TEST_S3_SECURE_SECRET");
  ASSERT_FALSE(secret.empty()) << "FLOWFILE_TEST_S3_SECURE_* are not set: run through scripts/test (moto-secure).";
  testing_support::TempDirectory dir;
  auto server = Engine::Open(dir.path());
  auto command_line = Engine::Open(dir.path());
  ASSERT_TRUE(server.ok() && command_line.ok());
  UserSession served = (*server)->ForUser(kLocalUserId);
  UserSession edited = (*command_line)->ForUser(kLocalUserId);

  auto first = served.CreateConnection(SecureMoto(secret));
  ASSERT_TRUE(first.ok()) << first.error().message();
  ASSERT_TRUE(Passes(served));  // the server now holds an open filesystem with the right secret

  ASSERT_TRUE(edited.DeleteConnection("lake").ok());
  auto second = edited.CreateConnection(SecureMoto("wrong-" + secret));
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_NE(second->id, first->id);
  EXPECT_FALSE(Passes(edited));
  // The server must open the new connection with its own (wrong) secret.
  EXPECT_FALSE(Passes(served)) << "served from the deleted connection's cached filesystem";
}

}  // namespace
}  // namespace flowfile
