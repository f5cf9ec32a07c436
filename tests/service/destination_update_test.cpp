// Through the engine, as every front end reaches it: an update that points
// stored secrets somewhere else without giving them again is refused with
// the destination field named, and nothing stored changes.
#include <gtest/gtest.h>

#include <string>

#include "flowfile/engine.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

constexpr std::string_view kCanary = "CANARY-azure-key-7Hq2Lp9Zx4";

Connection AzureKeyConnection() {
  Connection connection;
  connection.info.connection_name = "azure lake";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.azure_account_name = "lakeaccount";
  connection.secrets.set(SecretField::kAzureAccountKey, Secret(kCanary));
  return connection;
}

class DestinationUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = *engine;
    auto created = session().CreateConnection(AzureKeyConnection());
    ASSERT_TRUE(created.ok()) << created.error().message();
    stored_ = *created;
  }

  UserSession session() const { return engine_->ForUser(kLocalUserId); }

  testing_support::TempDirectory dir_;
  std::shared_ptr<Engine> engine_;
  ConnectionInfo stored_;
};

TEST_F(DestinationUpdateTest, AccountChangeWithoutTheKeyIsRefusedNamingTheFieldAndTheFix) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->azure_account_name = "attackeraccount";
  auto updated = session().UpdateConnection("azure lake", update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(updated.error().field(), "azure_account_name");
  EXPECT_NE(updated.error().message().find("azure_account_key"), std::string::npos) << updated.error().message();
  EXPECT_NE(updated.error().message().find("Give the secrets again"), std::string::npos)
      << updated.error().message();
  EXPECT_EQ(updated.error().message().find(kCanary), std::string::npos);

  auto after = session().GetConnection("azure lake");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->azure_account_name, "lakeaccount");
  EXPECT_EQ(after->credentials_version, stored_.credentials_version);
  EXPECT_EQ(after->updated_at, stored_.updated_at);
}

TEST_F(DestinationUpdateTest, AccountChangeWithTheKeyGivenAgainIsApplied) {
  ConnectionUpdate update;
  update.info = stored_;
  update.info->azure_account_name = "otheraccount";
  update.secrets.set(SecretField::kAzureAccountKey, Secret("fresh-key"));
  auto updated = session().UpdateConnection("azure lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->azure_account_name, "otheraccount");
  EXPECT_EQ(updated->credentials_version, stored_.credentials_version + 1);
}

TEST_F(DestinationUpdateTest, AccountNameSmugglingAHostIsRefusedByItsGrammar) {
  for (const char* smuggled : {"attacker.example/#", "lake.blob.core.windows.net", "lake@attacker", "Lake"}) {
    ConnectionUpdate update;
    update.info = stored_;
    update.info->azure_account_name = smuggled;
    update.secrets.set(SecretField::kAzureAccountKey, Secret("fresh-key"));
    auto updated = session().UpdateConnection("azure lake", update);
    ASSERT_FALSE(updated.ok()) << smuggled;
    EXPECT_EQ(updated.error().field(), "azure_account_name") << smuggled;
  }
  Connection created = AzureKeyConnection();
  created.info.connection_name = "smuggled";
  created.info.azure_account_name = "attacker.example/#";
  auto refused = session().CreateConnection(created);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field(), "azure_account_name");
  EXPECT_EQ(session().GetConnection("azure lake")->azure_account_name, "lakeaccount");
}

TEST_F(DestinationUpdateTest, EndpointOrTlsChangeWithoutTheKeyIsRefused) {
  for (auto change : {+[](ConnectionInfo& info) { info.endpoint_url = "https://attacker.example"; },
                      +[](ConnectionInfo& info) {
                        info.endpoint_url = "http://127.0.0.1:10000";
                        info.verify_ssl = false;
                      }}) {
    ConnectionUpdate update;
    update.info = stored_;
    change(*update.info);
    auto updated = session().UpdateConnection("azure lake", update);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().field(), "endpoint_url") << updated.error().message();
  }
  auto after = session().GetConnection("azure lake");
  EXPECT_TRUE(after->endpoint_url.empty());
  EXPECT_TRUE(after->verify_ssl);
}

}  // namespace
}  // namespace flowfile
