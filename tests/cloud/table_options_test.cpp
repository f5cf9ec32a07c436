#include "src/cloud/table_options.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace flowfile::cloud {
namespace {

Connection S3Connection() {
  Connection connection;
  connection.info.connection_name = "lake";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_access_key_id = "AKIAEXAMPLE";
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("secret-value"));
  return connection;
}

std::map<std::string, std::string> AsMap(const TableOptions& options) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : options.entries) out[key] = std::string(value.reveal());
  return out;
}

TEST(TableOptions, S3KeysRegionAndEndpointAreInMemoryOptions) {
  Connection connection = S3Connection();
  connection.info.endpoint_url = "http://127.0.0.1:5000";
  connection.info.aws_allow_unsafe_html = true;
  auto options = BuildTableOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  const auto map = AsMap(*options);
  EXPECT_EQ(map.at("aws_access_key_id"), "AKIAEXAMPLE");
  EXPECT_EQ(map.at("aws_secret_access_key"), "secret-value");
  EXPECT_EQ(map.at("aws_region"), "us-east-1");  // a custom endpoint gets one region, as BuildS3Options
  EXPECT_EQ(map.at("aws_endpoint"), "http://127.0.0.1:5000");
  EXPECT_EQ(map.at("allow_http"), "true");
  EXPECT_EQ(map.at("aws_virtual_hosted_style_request"), "false");
  EXPECT_FALSE(map.contains("aws_session_token"));
}

TEST(TableOptions, AwsWithoutAnEndpointKeepsTlsAndTheRegion) {
  Connection connection = S3Connection();
  connection.info.aws_region = "eu-west-1";
  auto options = BuildTableOptions(connection);
  ASSERT_TRUE(options.ok());
  const auto map = AsMap(*options);
  EXPECT_EQ(map.at("aws_region"), "eu-west-1");
  EXPECT_FALSE(map.contains("aws_endpoint"));
  EXPECT_FALSE(map.contains("allow_http"));
  EXPECT_FALSE(map.contains("allow_invalid_certificates"));
}

TEST(TableOptions, HostIdentityMethodsAreRefusedNotTakenFromTheEnvironment) {
  Connection connection = S3Connection();
  connection.info.auth_method = AuthMethod::kEnvVars;
  auto options = BuildTableOptions(connection);
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(options.error().field(), "auth_method");
}

TEST(TableOptions, AzureSasTokenLosesItsQuestionMark) {
  Connection connection;
  connection.info.connection_name = "adls";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kSasToken;
  connection.info.azure_account_name = "devstoreaccount1";
  connection.info.endpoint_url = "http://127.0.0.1:10000";
  connection.secrets.set(SecretField::kAzureSasToken, Secret("?sv=2024&sig=abc"));
  auto options = BuildTableOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  const auto map = AsMap(*options);
  EXPECT_EQ(map.at("azure_storage_account_name"), "devstoreaccount1");
  EXPECT_EQ(map.at("azure_storage_sas_key"), "sv=2024&sig=abc");
  EXPECT_EQ(map.at("azure_endpoint"), "http://127.0.0.1:10000/devstoreaccount1");
}

TEST(TableOptions, ApprovedAddressesArePinnedForTheLibrary) {
  Connection connection = S3Connection();
  connection.info.endpoint_url = "https://minio.example:9000";
  auto options = std::make_shared<const Result<TableOptions>>(BuildTableOptions(connection));
  ASSERT_TRUE(options->ok());
  auto pinned = PinEndpointAddresses(options, {"minio.example", {"203.0.113.7", "2001:db8::7"}});
  const auto map = AsMap(**pinned);
  EXPECT_EQ(map.at("flowfile_endpoint_addresses"), "minio.example 203.0.113.7 2001:db8::7");
  EXPECT_EQ(map.at("aws_endpoint"), "https://minio.example:9000");
  EXPECT_FALSE(AsMap(**options).contains("flowfile_endpoint_addresses"));  // the cached options are not changed
  EXPECT_EQ(PinEndpointAddresses(options, {"minio.example", {}}), options);
}

TEST(TableOptions, TableUrlUsesTheLibrarysSchemes) {
  CloudPath s3{.storage_type = StorageType::kS3, .scheme = "s3a", .account_host = "", .fs_path = "b/t"};
  EXPECT_EQ(TableUrl(s3), "s3://b/t");
  CloudPath adls{.storage_type = StorageType::kAdls,
                 .scheme = "abfss",
                 .account_host = "acc.dfs.core.windows.net",
                 .fs_path = "container/dir/t"};
  EXPECT_EQ(TableUrl(adls), "az://container/dir/t");
}

}  // namespace
}  // namespace flowfile::cloud
