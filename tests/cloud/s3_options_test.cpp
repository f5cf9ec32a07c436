#include "src/cloud/s3_options.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "tests/support/temp_directory.h"

namespace flowfile::cloud {
namespace {

Connection AccessKeyConnection() {
  Connection connection;
  connection.info.connection_name = "s3";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_access_key_id = "AKIAEXAMPLE";
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("secret-value"));
  connection.secrets.set(SecretField::kAwsSessionToken, Secret("token-value"));
  return connection;
}

TEST(S3Options, SetsKeysOnTheOptionFields) {
  auto options = BuildS3Options(AccessKeyConnection());
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->GetAccessKey(), "AKIAEXAMPLE");
  EXPECT_EQ(options->GetSecretKey(), "secret-value");
  EXPECT_EQ(options->GetSessionToken(), "token-value");
  EXPECT_EQ(options->endpoint_override, "");
  EXPECT_TRUE(options->tls_verify_certificates);
}

TEST(S3Options, SplitsTheEndpointIntoHostAndScheme) {
  Connection connection = AccessKeyConnection();
  connection.info.endpoint_url = "https://minio.internal:9000/";
  auto options = BuildS3Options(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->endpoint_override, "minio.internal:9000");
  EXPECT_EQ(options->scheme, "https");
  EXPECT_FALSE(options->force_virtual_addressing);  // path-style for custom endpoints
  EXPECT_EQ(options->region, "us-east-1");
}

TEST(S3Options, PlainHttpToLoopbackNeedsNoFlag) {
  Connection connection = AccessKeyConnection();
  connection.info.endpoint_url = "http://127.0.0.1:9000";
  auto allowed = BuildS3Options(connection);
  ASSERT_TRUE(allowed.ok()) << allowed.error().message();
  EXPECT_EQ(allowed->scheme, "http");
  EXPECT_EQ(allowed->endpoint_override, "127.0.0.1:9000");
}

TEST(S3Options, RefusesPlainHttpWithoutTheUnsafeFlag) {
  Connection connection = AccessKeyConnection();
  connection.info.endpoint_url = "http://minio.internal:9000";
  auto refused = BuildS3Options(connection);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidEndpoint);
  // The opt-in is the remedy, as data; the message names no setting.
  EXPECT_EQ(refused.error().remedy(), (Remedy{"aws_allow_unsafe_html", true})) << refused.error().message();
  EXPECT_EQ(refused.error().message().find("aws_allow_unsafe_html"), std::string::npos)
      << refused.error().message();

  connection.info.aws_allow_unsafe_html = true;
  auto allowed = BuildS3Options(connection);
  ASSERT_TRUE(allowed.ok()) << allowed.error().message();
  EXPECT_EQ(allowed->scheme, "http");
  EXPECT_FALSE(allowed->tls_verify_certificates);
}

TEST(S3Options, SkipsTlsChecksOnlyWhenAsked) {
  Connection connection = AccessKeyConnection();
  connection.info.verify_ssl = false;
  auto options = BuildS3Options(connection);
  ASSERT_TRUE(options.ok());
  EXPECT_FALSE(options->tls_verify_certificates);
}

TEST(S3Options, RejectsMalformedEndpoints) {
  for (const char* url : {"minio:9000", "ftp://host", "https://host/path", "https://user@host"}) {
    Connection connection = AccessKeyConnection();
    connection.info.endpoint_url = url;
    auto options = BuildS3Options(connection);
    ASSERT_FALSE(options.ok()) << url;
    EXPECT_EQ(options.error().code(), ErrorCode::kInvalidEndpoint) << url;
  }
}

TEST(S3Options, AssumesTheConfiguredRole) {
  Connection connection;
  connection.info.connection_name = "role";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kIamRole;
  connection.info.aws_role_arn = "arn:aws:iam::123456789012:role/reader";
  auto options = BuildS3Options(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->role_arn, "arn:aws:iam::123456789012:role/reader");
  EXPECT_EQ(options->credentials_kind, arrow::fs::S3CredentialsKind::Role);
}

class AwsCliProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() / "credentials") << "[default]\naws_access_key_id = AKIADEFAULT\n"
                                                  "aws_secret_access_key = default-secret\n\n"
                                                  "[analytics]\naws_access_key_id=AKIAANALYTICS\n"
                                                  "aws_secret_access_key=analytics-secret\n"
                                                  "aws_session_token=analytics-token\n";
    std::ofstream(dir_.path() / "config") << "[profile analytics]\nregion = eu-west-1\n"
                                             "[profile sso]\nsso_start_url = https://example.awsapps.com/start\n";
    setenv("AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "credentials").c_str(), 1);
    setenv("AWS_CONFIG_FILE", (dir_.path() / "config").c_str(), 1);
  }
  void TearDown() override {
    unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    unsetenv("AWS_CONFIG_FILE");
  }

  static Connection CliConnection(std::string profile) {
    Connection connection;
    connection.info.connection_name = "cli";
    connection.info.storage_type = StorageType::kS3;
    connection.info.auth_method = AuthMethod::kAwsCli;
    connection.info.aws_profile = std::move(profile);
    return connection;
  }

  testing_support::TempDirectory dir_;
};

TEST_F(AwsCliProfile, ReadsTheNamedProfileAndItsRegion) {
  auto options = BuildS3Options(CliConnection("analytics"));
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->GetAccessKey(), "AKIAANALYTICS");
  EXPECT_EQ(options->GetSecretKey(), "analytics-secret");
  EXPECT_EQ(options->GetSessionToken(), "analytics-token");
  EXPECT_EQ(options->region, "eu-west-1");
}

TEST_F(AwsCliProfile, ReadsTheDefaultProfileWhenNoneIsNamed) {
  auto options = BuildS3Options(CliConnection(""));
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->GetAccessKey(), "AKIADEFAULT");
}

TEST_F(AwsCliProfile, NamesAMissingProfile) {
  auto options = BuildS3Options(CliConnection("nope"));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(options.error().message().find("'nope'"), std::string::npos);
}

TEST_F(AwsCliProfile, ExplainsProfilesWithoutStaticKeys) {
  auto options = BuildS3Options(CliConnection("sso"));
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.error().message().find("sso_start_url"), std::string::npos) << options.error().message();
}

}  // namespace
}  // namespace flowfile::cloud
