// Each sealed secret is bound to where it may be sent (the destination
// fields of connection_rules.h): someone who can write the store file but
// has no key cannot point a connection elsewhere and keep its secrets
// usable. Stores written before the binding are re-sealed on open.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flowfile/connection_rules.h"
#include "flowfile/connection_store.h"
#include "src/crypto/secret_envelope.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

class SecretBindingTest : public StoreTest {
 protected:
  // Changes one column of a connection row behind the store's back, as an
  // attacker with write access to the file would.
  void SetColumn(const std::string& name, const std::string& column, const std::string& value) {
    auto raw = Raw();
    auto update = raw->Prepare("UPDATE connections SET " + column + " = ? WHERE name = ?");
    ASSERT_TRUE(update.ok());
    update->Bind(1, value).Bind(2, name);
    ASSERT_TRUE(update->Run().ok());
    ASSERT_EQ(raw->Changes(), 1);
  }

  std::string Envelope(std::int64_t connection_id, SecretField field) {
    auto raw = Raw();
    auto query = raw->Prepare("SELECT envelope FROM connection_secrets WHERE connection_id = ? AND field = ?");
    EXPECT_TRUE(query.ok());
    query->Bind(1, connection_id).Bind(2, SecretFieldName(field));
    EXPECT_TRUE(*query->Step()) << "no envelope stored";
    return query->ColumnBlob(0);
  }

  void ExpectTampered(const std::string& name) {
    auto opened = store_->GetWithSecrets(kLocalUserId, name);
    ASSERT_FALSE(opened.ok()) << name << " still opens";
    EXPECT_EQ(opened.error().code(), ErrorCode::kTampered) << opened.error().message();
  }
};

struct FileEdit {
  std::string column;
  std::string value;
};

class DestinationEditTest : public SecretBindingTest, public ::testing::WithParamInterface<FileEdit> {};

TEST_P(DestinationEditTest, MakesTheSecretsFailAsTampered) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(store_->GetWithSecrets(kLocalUserId, "lake").ok());
  SetColumn("lake", GetParam().column, GetParam().value);
  ExpectTampered("lake");
}

INSTANTIATE_TEST_SUITE_P(Columns, DestinationEditTest,
                         ::testing::Values(FileEdit{"endpoint_url", "https://attacker.example"},
                                           FileEdit{"verify_ssl", "0"}, FileEdit{"aws_allow_unsafe_html", "1"},
                                           FileEdit{"aws_region", "us-west-2"},
                                           FileEdit{"auth_method", "env_vars"}),
                         [](const auto& test) { return test.param.column; });

TEST_F(SecretBindingTest, AzureAccountEditedInTheFileMakesTheKeyFailAsTampered) {
  for (const Connection& connection : EveryFieldConnections()) {
    if (connection.info.storage_type != StorageType::kAdls) continue;
    if (connection.info.auth_method == AuthMethod::kManagedIdentity) continue;  // no secret to bind
    MustCreate(kLocalUserId, connection);
    SetColumn(connection.info.connection_name, "azure_account_name", "attackeraccount");
    ExpectTampered(connection.info.connection_name);
  }
}

TEST_F(SecretBindingTest, EditsThatDoNotMoveTheSecretsKeepThemReadable) {
  Connection lake = S3Connection("lake");
  lake.info.endpoint_url = "https://minio.example:9000";
  MustCreate(kLocalUserId, lake);
  // Behind an endpoint the region only names the signing region.
  SetColumn("lake", "aws_region", "us-west-2");
  SetColumn("lake", "aws_access_key_id", "AKIAOTHEREXAMPLE");
  auto opened = store_->GetWithSecrets(kLocalUserId, "lake");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->secrets.get(kAwsSecretAccessKey).reveal(), kCanary);
}

TEST_F(SecretBindingTest, UpdatesThatGiveTheSecretsAgainAndRotationKeepThemReadableAndBound) {
  const ConnectionInfo stored = MustCreate(kLocalUserId, S3Connection("lake"));
  ConnectionUpdate moved;
  moved.info = stored;
  moved.info->endpoint_url = "https://minio.example:9000";
  moved.secrets.set(kAwsSecretAccessKey, Secret("moved-secret"));
  ASSERT_TRUE(store_->Update(kLocalUserId, "lake", moved).ok());
  ASSERT_TRUE(store_->ReencryptSecrets(MakeKeyring({1, 2})).ok());
  auto opened = store_->GetWithSecrets(kLocalUserId, "lake");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->secrets.get(kAwsSecretAccessKey).reveal(), "moved-secret");
  SetColumn("lake", "endpoint_url", "https://attacker.example");
  ExpectTampered("lake");
}

TEST_F(SecretBindingTest, SecretsOfAnOlderStoreAreResealedBoundOnOpen) {
  const ConnectionInfo stored = MustCreate(kLocalUserId, S3Connection("lake"));
  {
    // What a flowfile before the binding wrote: format 1, bound to the row only.
    auto legacy = crypto::SealFormat1SecretForTesting(*keyring_, {kLocalUserId, stored.id, kAwsSecretAccessKey},
                                                      Secret("legacy-secret"));
    ASSERT_TRUE(legacy.ok()) << legacy.error().message();
    auto raw = Raw();
    auto update = raw->Prepare("UPDATE connection_secrets SET envelope = ? WHERE connection_id = ? AND field = ?");
    ASSERT_TRUE(update.ok());
    update->BindBlob(1, *legacy).Bind(2, stored.id).Bind(3, SecretFieldName(kAwsSecretAccessKey));
    ASSERT_TRUE(update->Run().ok());
  }
  // The running store does not take a format 1 envelope for a current one.
  ExpectTampered("lake");

  store_ = Open(keyring_);
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(Envelope(stored.id, kAwsSecretAccessKey)[4], '\x02');
  auto opened = store_->GetWithSecrets(kLocalUserId, "lake");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->secrets.get(kAwsSecretAccessKey).reveal(), "legacy-secret");

  SetColumn("lake", "endpoint_url", "https://attacker.example");
  ExpectTampered("lake");
}

}  // namespace
}  // namespace flowfile::store_testing
