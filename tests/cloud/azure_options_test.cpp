// BuildAzureOptions: each auth method lands on the matching Arrow credential
// with the stored values, and the endpoint on both blob and dfs authorities.
#include "src/cloud/azure_options.h"

#include <gtest/gtest.h>

namespace flowfile::cloud {
namespace {

Connection AdlsConnection(AuthMethod method) {
  Connection connection;
  connection.info.connection_name = "lake";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = method;
  connection.info.azure_account_name = "acct";
  return connection;
}

TEST(AzureOptions, AccountKeyGoesToTheSharedKeyCredential) {
  Connection connection = AdlsConnection(AuthMethod::kAccessKey);
  connection.secrets.set(SecretField::kAzureAccountKey, Secret("a2V5LXZhbHVl"));
  auto options = BuildAzureOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->account_name, "acct");
  EXPECT_EQ(options->AccountKey(), "a2V5LXZhbHVl");
  EXPECT_EQ(options->SasToken(), "");
  // Default authorities: the public cloud over https.
  EXPECT_EQ(options->blob_storage_authority, ".blob.core.windows.net");
  EXPECT_EQ(options->dfs_storage_scheme, "https");
  EXPECT_FALSE(options->background_writes);
  arrow::fs::AzureOptions expected;
  expected.account_name = "acct";
  ASSERT_TRUE(expected.ConfigureAccountKeyCredential("a2V5LXZhbHVl").ok());
  expected.background_writes = false;
  EXPECT_TRUE(options->Equals(expected));
}

TEST(AzureOptions, SasTokenStartsTheQueryWhateverTheStoredForm) {
  for (const char* stored : {"sv=2020-08-04&sig=abc%3D", "?sv=2020-08-04&sig=abc%3D"}) {
    Connection connection = AdlsConnection(AuthMethod::kSasToken);
    connection.secrets.set(SecretField::kAzureSasToken, Secret(stored));
    auto options = BuildAzureOptions(connection);
    ASSERT_TRUE(options.ok()) << options.error().message();
    EXPECT_EQ(options->SasToken(), "?sv=2020-08-04&sig=abc%3D") << stored;
    EXPECT_EQ(options->AccountKey(), "");
  }
}

TEST(AzureOptions, ServicePrincipalCarriesTenantClientAndSecret) {
  Connection connection = AdlsConnection(AuthMethod::kServicePrincipal);
  connection.info.azure_tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  connection.info.azure_client_id = "client-1";
  connection.secrets.set(SecretField::kAzureClientSecret, Secret("client-secret-value"));
  auto options = BuildAzureOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->TenantId(), "72f988bf-86f1-41af-91ab-2d7cd011db47");
  EXPECT_EQ(options->ClientId(), "client-1");
  EXPECT_EQ(options->ClientSecret(), "client-secret-value");
}

TEST(AzureOptions, ManagedIdentityUsesTheGivenClientId) {
  Connection connection = AdlsConnection(AuthMethod::kManagedIdentity);
  connection.info.azure_client_id = "identity-7";
  auto options = BuildAzureOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->ClientId(), "identity-7");
  EXPECT_EQ(options->ClientSecret(), "");
  arrow::fs::AzureOptions system_identity;
  system_identity.account_name = "acct";
  system_identity.background_writes = false;
  ASSERT_TRUE(system_identity.ConfigureManagedIdentityCredential("").ok());
  EXPECT_FALSE(options->Equals(system_identity));  // not silently the system identity
}

TEST(AzureOptions, EndpointSetsBothAuthoritiesAndSchemes) {
  Connection connection = AdlsConnection(AuthMethod::kAccessKey);
  connection.secrets.set(SecretField::kAzureAccountKey, Secret("a2V5"));
  connection.info.endpoint_url = "https://azure.internal:10000/";
  auto options = BuildAzureOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->blob_storage_authority, "azure.internal:10000");
  EXPECT_EQ(options->dfs_storage_authority, "azure.internal:10000");
  EXPECT_EQ(options->blob_storage_scheme, "https");
  EXPECT_EQ(options->dfs_storage_scheme, "https");
}

TEST(AzureOptions, PlainHttpOffLoopbackNeedsVerifySslOff) {
  Connection connection = AdlsConnection(AuthMethod::kAccessKey);
  connection.secrets.set(SecretField::kAzureAccountKey, Secret("a2V5"));
  connection.info.endpoint_url = "http://azure.internal:10000";
  auto refused = BuildAzureOptions(connection);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidEndpoint);
  // The opt-in is the remedy, as data; the message names no setting.
  EXPECT_EQ(refused.error().remedy(), (Remedy{"verify_ssl", false})) << refused.error().message();
  EXPECT_EQ(refused.error().message().find("verify_ssl"), std::string::npos) << refused.error().message();
  connection.info.verify_ssl = false;
  auto allowed = BuildAzureOptions(connection);
  ASSERT_TRUE(allowed.ok()) << allowed.error().message();
  EXPECT_EQ(allowed->blob_storage_scheme, "http");
  EXPECT_EQ(allowed->dfs_storage_scheme, "http");
}

TEST(AzureOptions, AnS3AuthMethodIsRefusedByName) {
  auto refused = BuildAzureOptions(AdlsConnection(AuthMethod::kIamRole));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message().find("iam_role"), std::string::npos) << refused.error().message();
  EXPECT_NE(refused.error().message().find("adls"), std::string::npos) << refused.error().message();
}

}  // namespace
}  // namespace flowfile::cloud
