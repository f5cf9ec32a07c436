// Update, rename, delete, the audit log and users of the SQLite store.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "flowfile/connection_store.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

class ConnectionUpdateTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Connection lake = S3Connection("lake");
    lake.secrets.set(kAwsSessionToken, Secret("session-token"));
    stored_ = MustCreate(kLocalUserId, lake);
  }

  std::string StoredSecret(SecretField field) {
    auto full = store_->GetWithSecrets(kLocalUserId, "lake");
    EXPECT_TRUE(full.ok()) << full.error().message();
    return full.ok() ? std::string(full->secrets.get(field).reveal()) : std::string();
  }

  ConnectionInfo stored_;
};

TEST_F(ConnectionUpdateTest, PublicChangeKeepsStoredSecretsAndCredentialsVersion) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->aws_access_key_id = "AKIAOTHEREXAMPLE";
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->aws_access_key_id, "AKIAOTHEREXAMPLE");
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version);
  EXPECT_GE(updated->updated_at, stored_.updated_at);
  EXPECT_EQ(updated->created_at, stored_.created_at);
  EXPECT_EQ(updated->secrets_set, (std::vector<SecretField>{kAwsSecretAccessKey, kAwsSessionToken}));
  EXPECT_EQ(store_->Get(kLocalUserId, "lake")->aws_access_key_id, "AKIAOTHEREXAMPLE");
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), kCanary);
  EXPECT_EQ(StoredSecret(kAwsSessionToken), "session-token");
}

// Behind an endpoint the region only names the signing region: the host
// stays the same, so the secrets stay.
TEST_F(ConnectionUpdateTest, RegionChangeBehindAnEndpointKeepsStoredSecrets) {
  ConnectionUpdate to_endpoint;
  to_endpoint.info = stored_;
  to_endpoint.info->endpoint_url = "https://minio.example:9000";
  to_endpoint.secrets.set(kAwsSecretAccessKey, Secret(kCanary));
  ASSERT_TRUE(store_->Update(kLocalUserId, "lake", to_endpoint).ok());

  ConnectionUpdate region;
  region.info = *store_->Get(kLocalUserId, "lake");
  region.info->aws_region = "us-west-2";
  auto updated = store_->Update(kLocalUserId, "lake", region);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->aws_region, "us-west-2");
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), kCanary);
}

TEST_F(ConnectionUpdateTest, FreshSecretReplacesTheStoredOneAndBumpsCredentialsVersion) {
  ConnectionUpdate update;
  update.secrets.set(kAwsSecretAccessKey, Secret("rotated-key"));
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), "rotated-key");
  EXPECT_EQ(StoredSecret(kAwsSessionToken), "session-token");
}

TEST_F(ConnectionUpdateTest, ClearedSecretIsRemoved) {
  ConnectionUpdate update;
  update.clear_secrets = {kAwsSessionToken};
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->secrets_set, std::vector<SecretField>{kAwsSecretAccessKey});
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
  EXPECT_EQ(store_->Get(kLocalUserId, "lake")->secrets_set, std::vector<SecretField>{kAwsSecretAccessKey});
  EXPECT_EQ(StoredSecret(kAwsSessionToken), "");
}

struct DestinationChange {
  std::string field;
  std::function<void(ConnectionInfo&)> apply;
};

class DestinationChangeTest : public ConnectionUpdateTest,
                              public ::testing::WithParamInterface<DestinationChange> {};

TEST_P(DestinationChangeTest, WithoutFreshSecretsIsRefusedAndChangesNothing) {
  ConnectionUpdate update;
  update.info = stored_;
  GetParam().apply(*update.info);
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(updated.error().field(), GetParam().field);
  EXPECT_NE(updated.error().message().find(GetParam().field), std::string::npos) << updated.error().message();
  EXPECT_NE(updated.error().message().find("not reused"), std::string::npos) << updated.error().message();
  EXPECT_NE(updated.error().message().find("Give the secrets again"), std::string::npos)
      << updated.error().message();
  EXPECT_EQ(updated.error().message().find(kCanary), std::string::npos);

  auto after = store_->Get(kLocalUserId, "lake");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->endpoint_url, stored_.endpoint_url);
  EXPECT_EQ(after->aws_region, stored_.aws_region);
  EXPECT_EQ(after->verify_ssl, stored_.verify_ssl);
  EXPECT_EQ(after->aws_allow_unsafe_html, stored_.aws_allow_unsafe_html);
  EXPECT_EQ(after->auth_method, stored_.auth_method);
  EXPECT_EQ(after->credentials_version, stored_.credentials_version);
  EXPECT_EQ(after->updated_at, stored_.updated_at);
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), kCanary);
}

TEST_P(DestinationChangeTest, WithFreshSecretsSucceedsAndBumpsCredentialsVersion) {
  ConnectionUpdate update;
  update.info = stored_;
  GetParam().apply(*update.info);
  update.secrets.set(kAwsSecretAccessKey, Secret("fresh-key"));
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), "fresh-key");
  // The session token was not given again, so it is not sent to the new place.
  EXPECT_EQ(updated->secrets_set, std::vector<SecretField>{kAwsSecretAccessKey});
}

INSTANTIATE_TEST_SUITE_P(
    Fields, DestinationChangeTest,
    ::testing::Values(
        DestinationChange{"endpoint_url",
                          [](ConnectionInfo& target) { target.endpoint_url = "https://evil.example"; }},
        DestinationChange{"aws_region", [](ConnectionInfo& target) { target.aws_region = "us-west-2"; }},
        DestinationChange{"verify_ssl", [](ConnectionInfo& target) { target.verify_ssl = false; }},
        DestinationChange{"aws_allow_unsafe_html",
                          [](ConnectionInfo& target) { target.aws_allow_unsafe_html = true; }}),
    [](const auto& test) { return test.param.field; });

// The Azure account names the host the key goes to (<account>.blob...), and
// the tenant the authority a client secret is presented to.
TEST_F(StoreTest, AzureAccountOrTenantChangeWithoutSecretsIsRefusedAndChangesNothing) {
  std::vector<Connection> every = EveryFieldConnections();
  for (const Connection& connection : every) {
    if (connection.info.storage_type != StorageType::kAdls ||
        connection.info.auth_method == AuthMethod::kManagedIdentity) {
      continue;
    }
    const ConnectionInfo stored = MustCreate(kLocalUserId, connection);
    for (std::string_view field : {"azure_account_name", "azure_tenant_id"}) {
      ConnectionUpdate update;
      update.info = stored;
      if (field == "azure_account_name") {
        update.info->azure_account_name = "attackeraccount";
      } else if (stored.auth_method == AuthMethod::kServicePrincipal) {
        update.info->azure_tenant_id = "00000000-0000-0000-0000-00000000beef";
      } else {
        continue;
      }
      auto updated = store_->Update(kLocalUserId, stored.connection_name, update);
      ASSERT_FALSE(updated.ok()) << stored.connection_name << " " << field;
      EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(updated.error().field(), field) << updated.error().message();
      EXPECT_NE(updated.error().message().find("Give the secrets again"), std::string::npos)
          << updated.error().message();
      auto after = store_->GetWithSecrets(kLocalUserId, stored.connection_name);
      ASSERT_TRUE(after.ok()) << after.error().message();
      EXPECT_EQ(after->info.azure_account_name, stored.azure_account_name);
      EXPECT_EQ(after->info.azure_tenant_id, stored.azure_tenant_id);
      EXPECT_EQ(after->info.credentials_version, stored.credentials_version);
      for (SecretField secret : stored.secrets_set) {
        EXPECT_EQ(after->secrets.get(secret).reveal(), connection.secrets.get(secret).reveal());
      }
    }
  }
}

TEST_F(StoreTest, AzureAccountNameSmugglingAHostIsRefusedEvenWithSecrets) {
  Connection adls;
  for (Connection& connection : EveryFieldConnections()) {
    if (connection.info.auth_method == AuthMethod::kAccessKey &&
        connection.info.storage_type == StorageType::kAdls) {
      adls = std::move(connection);
    }
  }
  const ConnectionInfo stored = MustCreate(kLocalUserId, adls);
  ConnectionUpdate update;
  update.info = stored;
  update.info->azure_account_name = "attacker.example/#";
  update.secrets.set(kAzureAccountKey, Secret("fresh"));
  auto updated = store_->Update(kLocalUserId, stored.connection_name, update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().field(), "azure_account_name");
  EXPECT_EQ(store_->Get(kLocalUserId, stored.connection_name)->azure_account_name, stored.azure_account_name);
}

TEST_F(ConnectionUpdateTest, StorageTypeChangeDropsSecretsTheNewMethodDoesNotUse) {
  ConnectionUpdate update;
  update.info = ConnectionInfo{};
  update.info->storage_type = StorageType::kAdls;
  update.info->auth_method = AuthMethod::kManagedIdentity;
  update.info->azure_account_name = "lakeaccount";
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_TRUE(updated->secrets_set.empty());
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), "");
}

TEST_F(ConnectionUpdateTest, AuthMethodChangeDropsSecretsTheNewMethodDoesNotUse) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->auth_method = AuthMethod::kIamRole;
  update.info->aws_role_arn = "arn:aws:iam::123456789012:role/reader";
  update.info->aws_access_key_id.clear();
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->auth_method, AuthMethod::kIamRole);
  EXPECT_TRUE(updated->secrets_set.empty());
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
  EXPECT_EQ(StoredSecret(kAwsSecretAccessKey), "");
}

TEST_F(ConnectionUpdateTest, MergedResultIsValidated) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->azure_account_name = "not-for-s3";
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(updated.error().message().find("azure_account_name"), std::string::npos);
  EXPECT_TRUE(store_->Get(kLocalUserId, "lake")->azure_account_name.empty());
}

TEST_F(ConnectionUpdateTest, NameChangeIsRefusedInFavourOfRename) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->connection_name = "river";
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(updated.error().message().find("rename"), std::string::npos);
}

TEST_F(ConnectionUpdateTest, SecretBothGivenAndClearedIsRefused) {
  ConnectionUpdate update;
  update.secrets.set(kAwsSessionToken, Secret("t"));
  update.clear_secrets = {kAwsSessionToken};
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ConnectionUpdateTest, UpdateOfMissingConnectionIsNotFound) {
  auto updated = store_->Update(kLocalUserId, "nope", ConnectionUpdate{});
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kNotFound);
}

TEST_F(ConnectionUpdateTest, RenameKeepsIdAndSecretsReadable) {
  auto renamed = store_->Rename(kLocalUserId, "lake", "river");
  ASSERT_TRUE(renamed.ok()) << renamed.error().message();
  EXPECT_EQ(renamed->connection_name, "river");
  EXPECT_EQ(renamed->id, stored_.id);
  EXPECT_EQ(renamed->credentials_version, stored_.credentials_version);
  EXPECT_EQ(store_->Get(kLocalUserId, "lake").error().code(), ErrorCode::kNotFound);
  auto full = store_->GetWithSecrets(kLocalUserId, "river");
  ASSERT_TRUE(full.ok()) << full.error().message();
  EXPECT_EQ(full->secrets.get(kAwsSecretAccessKey).reveal(), kCanary);
}

TEST_F(ConnectionUpdateTest, RenameToATakenNameIsRefused) {
  MustCreate(kLocalUserId, S3Connection("river"));
  auto renamed = store_->Rename(kLocalUserId, "lake", "river");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(renamed.error().message().find("'river'"), std::string::npos);
  EXPECT_TRUE(store_->Get(kLocalUserId, "lake").ok());
}

TEST_F(ConnectionUpdateTest, RenameToAnInvalidNameIsRefused) {
  for (const char* name : {" padded ", "team/lake", "/"}) {
    auto renamed = store_->Rename(kLocalUserId, "lake", name);
    ASSERT_FALSE(renamed.ok()) << name;
    EXPECT_EQ(renamed.error().code(), ErrorCode::kInvalidArgument) << name;
    EXPECT_EQ(renamed.error().field(), "connection_name") << name;
  }
  EXPECT_TRUE(store_->Get(kLocalUserId, "lake").ok());
}

TEST_F(StoreTest, NameWithASlashIsRefusedAtCreate) {
  auto created = store_->Create(kLocalUserId, S3Connection("team/lake"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().field(), "connection_name");
  EXPECT_TRUE(store_->List(kLocalUserId)->empty());
}

TEST_F(ConnectionUpdateTest, DeleteRemovesTheConnectionAndItsSecrets) {
  ASSERT_TRUE(store_->Delete(kLocalUserId, "lake").ok());
  EXPECT_EQ(store_->Get(kLocalUserId, "lake").error().code(), ErrorCode::kNotFound);
  auto raw = Raw();
  auto count = raw->Prepare("SELECT count(*) FROM connection_secrets");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnInt(0), 0);
  Status again = store_->Delete(kLocalUserId, "lake");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
}

TEST_F(ConnectionUpdateTest, AuditLogRecordsEveryActionNewestFirstWithoutSecrets) {
  ConnectionUpdate update;
  update.secrets.set(kAwsSecretAccessKey, Secret(std::string(kCanary) + "-2"));
  ASSERT_TRUE(store_->Update(kLocalUserId, "lake", update).ok());
  ASSERT_TRUE(store_->Rename(kLocalUserId, "lake", "river").ok());
  ASSERT_TRUE(store_->GetWithSecrets(kLocalUserId, "river").ok());
  ASSERT_TRUE(
      store_->RecordAudit({0, kLocalUserId, stored_.id, "river", "tested", "ok", "listed 3 objects"}).ok());
  ASSERT_TRUE(store_->Delete(kLocalUserId, "river").ok());

  auto log = store_->AuditLog(kLocalUserId, 100);
  ASSERT_TRUE(log.ok()) << log.error().message();
  std::vector<std::string> actions;
  for (const AuditEvent& event : *log) {
    actions.push_back(event.action);
    EXPECT_EQ(event.user_id, kLocalUserId);
    EXPECT_EQ(event.connection_id, stored_.id);
    EXPECT_EQ(event.outcome, "ok");
    EXPECT_GT(event.at, 0);
    for (const std::string* text : {&event.connection_name, &event.action, &event.outcome, &event.detail}) {
      EXPECT_EQ(text->find(kCanary), std::string::npos) << *text;
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"deleted", "tested", "used", "renamed", "updated", "created"}));
  EXPECT_NE((*log)[4].detail.find("aws_secret_access_key"), std::string::npos) << (*log)[4].detail;
  EXPECT_NE((*log)[3].detail.find("lake"), std::string::npos) << (*log)[3].detail;
  EXPECT_EQ(store_->AuditLog(kLocalUserId, 2)->size(), 2u);
}

TEST_F(StoreTest, UsersAreCreatedOnceAndFoundByName) {
  auto bob = store_->CreateUser("bob");
  ASSERT_TRUE(bob.ok()) << bob.error().message();
  EXPECT_NE(*bob, kLocalUserId);
  EXPECT_EQ(*store_->FindUser("bob"), *bob);
  EXPECT_EQ(*store_->FindUser("local"), kLocalUserId);
  EXPECT_EQ(store_->CreateUser("bob").error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->FindUser("carol").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->CreateUser("").error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace flowfile::store_testing
