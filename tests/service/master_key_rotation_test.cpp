// A master key rotation stopped at any step (as by a crash) leaves every
// secret readable after a restart, and a later rotation completes it.
#include <gtest/gtest.h>

#include <string>

#include "src/crypto/key_file.h"
#include "src/service/embedded_engine.h"
#include "tests/support/temp_directory.h"

namespace flowfile::service {
namespace {

constexpr int kConnections = 3;

std::string SecretOf(int i) { return "CANARY-secret-" + std::to_string(i); }
std::string TokenOf(int i) { return "token-" + std::to_string(i); }

Connection S3Connection(int i) {
  Connection c;
  c.info.connection_name = "lake-" + std::to_string(i);
  c.info.storage_type = StorageType::kS3;
  c.info.auth_method = AuthMethod::kAccessKey;
  c.info.aws_access_key_id = "AKIA" + std::to_string(i);
  c.secrets.set(SecretField::kAwsSecretAccessKey, Secret(SecretOf(i)));
  c.secrets.set(SecretField::kAwsSessionToken, Secret(TokenOf(i)));
  return c;
}

// Both secrets of connection i, each under its own field: a rotation that
// loses or swaps either one fails here.
void ExpectSecretsOf(const Connection& connection, int i) {
  EXPECT_EQ(connection.secrets.get(SecretField::kAwsSecretAccessKey).reveal(), SecretOf(i)) << "lake-" << i;
  EXPECT_EQ(connection.secrets.get(SecretField::kAwsSessionToken).reveal(), TokenOf(i)) << "lake-" << i;
}

void ExpectAllSecretsReadable(const std::filesystem::path& dir) {
  auto engine = EmbeddedEngine::Open(dir);
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  for (int i = 0; i < kConnections; ++i) {
    auto connection = (*engine)->store().GetWithSecrets(kLocalUserId, "lake-" + std::to_string(i));
    ASSERT_TRUE(connection.ok()) << connection.error().message();
    ExpectSecretsOf(*connection, i);
  }
}

class MasterKeyRotationTest : public ::testing::TestWithParam<RotationStep> {
 protected:
  void SetUp() override {
    ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
    auto engine = EmbeddedEngine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    for (int i = 0; i < kConnections; ++i) {
      ASSERT_TRUE((*engine)->store().Create(kLocalUserId, S3Connection(i)).ok());
    }
  }

  testing_support::TempDirectory dir_;
};

TEST_P(MasterKeyRotationTest, StoppedRotationLeavesSecretsReadableAndCanBeRedone) {
  {
    auto engine = EmbeddedEngine::Open(dir_.path());
    ASSERT_TRUE(engine.ok());
    (*engine)->SetRotationHook([stop_at = GetParam()](RotationStep step) {
      return step == stop_at ? Status(Error(ErrorCode::kUnavailable, "simulated crash")) : Status::Ok();
    });
    ASSERT_FALSE((*engine)->RotateMasterKey().ok());
  }
  ExpectAllSecretsReadable(dir_.path());

  {
    auto engine = EmbeddedEngine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    ASSERT_TRUE((*engine)->RotateMasterKey().ok());
  }
  ExpectAllSecretsReadable(dir_.path());
  auto keys = crypto::ReadOrCreateKeyFile(dir_.path());
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u) << "old key versions must be dropped after a completed rotation";
  EXPECT_EQ(keys->front().version, 3u);
}

INSTANTIATE_TEST_SUITE_P(EachStep, MasterKeyRotationTest,
                         ::testing::Values(RotationStep::kKeyAdded, RotationStep::kSecretsResealed,
                                           RotationStep::kOldChecksDropped),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case RotationStep::kKeyAdded:
                               return std::string("AfterKeyAdded");
                             case RotationStep::kSecretsResealed:
                               return std::string("AfterSecretsResealed");
                             case RotationStep::kOldChecksDropped:
                               return std::string("AfterOldChecksDropped");
                           }
                           return std::string("Unknown");
                         });

TEST(MasterKeyRotation, CompletedRotationKeepsOnlyNewKeyAndAudits) {
  ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
  testing_support::TempDirectory dir;
  {
    auto engine = EmbeddedEngine::Open(dir.path());
    ASSERT_TRUE(engine.ok());
    ASSERT_TRUE((*engine)->store().Create(kLocalUserId, S3Connection(0)).ok());
    ASSERT_TRUE((*engine)->RotateMasterKey().ok());
    auto audit = (*engine)->store().AuditLog(kLocalUserId, 10);
    ASSERT_TRUE(audit.ok());
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ(audit->front().action, "rotated");
  }
  auto keys = crypto::ReadOrCreateKeyFile(dir.path());
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front().version, 2u);
  auto engine = EmbeddedEngine::Open(dir.path());
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  auto connection = (*engine)->store().GetWithSecrets(kLocalUserId, "lake-0");
  ASSERT_TRUE(connection.ok());
  ExpectSecretsOf(*connection, 0);
}

TEST(MasterKeyRotation, RunningProcessFollowsARotationByAnotherProcess) {
  ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
  testing_support::TempDirectory dir;
  auto running = EmbeddedEngine::Open(dir.path());  // a server, say
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE((*running)->store().Create(kLocalUserId, S3Connection(0)).ok());
  {
    auto rotating = EmbeddedEngine::Open(dir.path());  // `flowfile keys rotate`
    ASSERT_TRUE(rotating.ok());
    ASSERT_TRUE((*rotating)->RotateMasterKey().ok());
  }
  // The running process opens what the rotation resealed and seals with the
  // new key, whose old version is gone from the key file.
  auto resealed = (*running)->store().GetWithSecrets(kLocalUserId, "lake-0");
  ASSERT_TRUE(resealed.ok()) << resealed.error().message();
  ExpectSecretsOf(*resealed, 0);
  auto created = (*running)->store().Create(kLocalUserId, S3Connection(1));
  ASSERT_TRUE(created.ok()) << created.error().message();

  auto fresh = EmbeddedEngine::Open(dir.path());
  ASSERT_TRUE(fresh.ok()) << fresh.error().message();
  for (int i = 0; i < 2; ++i) {
    auto connection = (*fresh)->store().GetWithSecrets(kLocalUserId, "lake-" + std::to_string(i));
    ASSERT_TRUE(connection.ok()) << connection.error().message();
    ExpectSecretsOf(*connection, i);
  }
}

MasterKey RandomKey(std::uint32_t version) {
  return {version, Secret(std::string(kMasterKeySize, static_cast<char>('a' + version)))};
}

TEST(MasterKeyRotation, ProcessThatCannotLoadTheNewKeyRefusesToSealWithTheOld) {
  testing_support::TempDirectory dir;
  auto old_keys = Keyring::FromKeys({RandomKey(1)});
  auto new_keys = Keyring::FromKeys({RandomKey(1), RandomKey(2)});
  ASSERT_TRUE(old_keys.ok() && new_keys.ok());
  // Keys given by value (as from FLOWFILE_MASTER_KEY): nothing to reload.
  auto stale = OpenSqliteStore({.path = dir.path() / "flowfile.db", .keyring = *old_keys});
  auto rotating = OpenSqliteStore({.path = dir.path() / "flowfile.db", .keyring = *new_keys});
  ASSERT_TRUE(stale.ok() && rotating.ok());
  ASSERT_TRUE((*rotating)->ReencryptSecrets(*new_keys).ok());

  auto refused = (*stale)->Create(kLocalUserId, S3Connection(0));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message().find("FLOWFILE_MASTER_KEY"), std::string::npos);
  EXPECT_FALSE((*rotating)->Get(kLocalUserId, "lake-0").ok());
}

}  // namespace
}  // namespace flowfile::service
