// Exceptions thrown by the cloud SDKs (the Azure SDK throws where Arrow does
// not expect it) become masked errors; none may end the process.
#include <gtest/gtest.h>

#include <cstdlib>

#include "src/cloud/connection_test.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::cloud {
namespace {

constexpr const char* kClientSecret = "flowfile-CANARY-client-secret-9f3";

// A service principal whose token request goes to a closed loopback port
// (AZURE_AUTHORITY_HOST), so the Azure identity client throws when asked
// for a token; nothing leaves the machine.
Connection ServicePrincipal() {
  Connection connection;
  connection.info.id = 31;
  connection.info.connection_name = "adls-sp";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kServicePrincipal;
  connection.info.azure_account_name = "devstoreaccount1";
  connection.info.azure_tenant_id = "00000000-0000-0000-0000-000000000001";
  connection.info.azure_client_id = "00000000-0000-0000-0000-000000000002";
  connection.info.endpoint_url = "https://127.0.0.1:9";
  connection.secrets.set(SecretField::kAzureClientSecret, Secret(kClientSecret));
  return connection;
}

class VendorExceptions : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("AZURE_AUTHORITY_HOST", "https://127.0.0.1:9/", 1); }
  void TearDown() override { ::unsetenv("AZURE_AUTHORITY_HOST"); }
};

TEST_F(VendorExceptions, ServicePrincipalTestAtTheRootIsAFailedCheck) {
  auto storage = OpenStorage(ServicePrincipal());
  ASSERT_TRUE(storage.ok()) << storage.error().message();
  auto result = TestConnection(*storage, "", std::chrono::seconds(15));
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_FALSE(result->ok);
  EXPECT_FALSE(result->error_code.empty());
  EXPECT_EQ(result->message.find(kClientSecret), std::string::npos) << result->message;
}

TEST_F(VendorExceptions, ServicePrincipalBrowseAndReadsAreErrors) {
  auto storage = OpenStorage(ServicePrincipal());
  ASSERT_TRUE(storage.ok()) << storage.error().message();
  auto page = Browse(*storage, "", "", 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().message().find(kClientSecret), std::string::npos) << page.error().message();
  auto opened = storage->fs->OpenInputFile("container/file.parquet");
  EXPECT_FALSE(opened.ok());
}

}  // namespace
}  // namespace flowfile::cloud
