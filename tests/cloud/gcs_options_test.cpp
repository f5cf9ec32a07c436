// BuildGcsOptions: the key JSON reaches Arrow's credentials, env_vars uses
// the default chain, and endpoint, project and retry limit are set.
#include "src/cloud/gcs_options.h"

#include <gtest/gtest.h>

namespace flowfile::cloud {
namespace {

constexpr const char* kKeyJson = R"({"type":"service_account","client_email":"a@b.iam.gserviceaccount.com"})";

Connection GcsConnection(AuthMethod method) {
  Connection connection;
  connection.info.connection_name = "gcs";
  connection.info.storage_type = StorageType::kGcs;
  connection.info.auth_method = method;
  if (method == AuthMethod::kServiceAccount) {
    connection.secrets.set(SecretField::kGcsServiceAccountKey, Secret(kKeyJson));
  }
  return connection;
}

TEST(GcsOptions, ServiceAccountKeyBecomesTheCredentials) {
  auto options = BuildGcsOptions(GcsConnection(AuthMethod::kServiceAccount));
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->credentials.json_credentials(), kKeyJson);
  EXPECT_FALSE(options->credentials.anonymous());
  EXPECT_EQ(options->endpoint_override, "");
  EXPECT_EQ(options->scheme, "https");
  EXPECT_FALSE(options->project_id.has_value());
  // A dead endpoint is reported in seconds, not after Google's 15 minutes.
  ASSERT_TRUE(options->retry_limit_seconds.has_value());
  EXPECT_LE(*options->retry_limit_seconds, 60);
}

TEST(GcsOptions, EnvVarsUsesTheDefaultCredentials) {
  auto options = BuildGcsOptions(GcsConnection(AuthMethod::kEnvVars));
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->credentials.json_credentials(), "");
  EXPECT_FALSE(options->credentials.anonymous());
  EXPECT_TRUE(options->credentials.Equals(arrow::fs::GcsOptions::Defaults().credentials));
}

TEST(GcsOptions, EndpointAndProjectAreSet) {
  Connection connection = GcsConnection(AuthMethod::kServiceAccount);
  connection.info.endpoint_url = "https://gcs.internal:4443";
  connection.info.gcs_project_id = "proj-1";
  auto options = BuildGcsOptions(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->endpoint_override, "gcs.internal:4443");
  EXPECT_EQ(options->scheme, "https");
  EXPECT_EQ(options->project_id, "proj-1");
}

TEST(GcsOptions, PlainHttpOffLoopbackNeedsVerifySslOff) {
  Connection connection = GcsConnection(AuthMethod::kServiceAccount);
  connection.info.endpoint_url = "http://gcs.internal:4443";
  auto refused = BuildGcsOptions(connection);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidEndpoint);
  // The opt-in is the remedy, as data; the message names no setting.
  EXPECT_EQ(refused.error().remedy(), (Remedy{"verify_ssl", false})) << refused.error().message();
  EXPECT_EQ(refused.error().message().find("verify_ssl"), std::string::npos) << refused.error().message();
  connection.info.verify_ssl = false;
  auto allowed = BuildGcsOptions(connection);
  ASSERT_TRUE(allowed.ok()) << allowed.error().message();
  EXPECT_EQ(allowed->scheme, "http");
}

TEST(GcsOptions, AnotherProvidersAuthMethodIsRefusedByName) {
  for (AuthMethod method : {AuthMethod::kAccessKey, AuthMethod::kSasToken, AuthMethod::kIamRole}) {
    auto refused = BuildGcsOptions(GcsConnection(method));
    ASSERT_FALSE(refused.ok()) << AuthMethodName(method);
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field(), "auth_method");
    EXPECT_NE(refused.error().message().find(std::string(AuthMethodName(method))), std::string::npos);
  }
}

}  // namespace
}  // namespace flowfile::cloud
