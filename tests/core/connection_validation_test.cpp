#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "flowfile/connection.h"

namespace flowfile {
namespace {

constexpr std::string_view kCanary = "CANARY-wJalrXUtnFEMI-K7MDENG";

Connection S3AccessKey() {
  Connection c;
  c.info.connection_name = "data-lake";
  c.info.storage_type = StorageType::kS3;
  c.info.auth_method = AuthMethod::kAccessKey;
  c.info.aws_region = "us-east-1";
  c.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  c.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanary));
  return c;
}

Connection Make(StorageType storage, AuthMethod method) {
  Connection c;
  c.info.connection_name = "c";
  c.info.storage_type = storage;
  c.info.auth_method = method;
  return c;
}

struct ValidationCase {
  std::string description;
  std::function<Connection()> build;
  std::string expected_field;  // empty: valid
};

class ValidationTest : public ::testing::TestWithParam<ValidationCase> {};

TEST_P(ValidationTest, AcceptsOrNamesTheField) {
  const ValidationCase& test = GetParam();
  Status status = ValidateConnection(test.build());
  if (test.expected_field.empty()) {
    EXPECT_TRUE(status.ok()) << status.error().message();
    return;
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message().find(test.expected_field), std::string::npos) << status.error().message();
  EXPECT_EQ(status.error().message().find(kCanary), std::string::npos);
}

std::vector<ValidationCase> Cases() {
  using enum StorageType;
  using enum AuthMethod;
  return {
      {"s3 access key", S3AccessKey, ""},
      {"s3 access key with session token",
       [] {
         auto c = S3AccessKey();
         c.secrets.set(SecretField::kAwsSessionToken, Secret("t"));
         return c;
       },
       ""},
      {"s3 access key without secret",
       [] {
         auto c = S3AccessKey();
         c.secrets.set(SecretField::kAwsSecretAccessKey, Secret());
         return c;
       },
       "aws_secret_access_key"},
      {"s3 access key without key id",
       [] {
         auto c = S3AccessKey();
         c.info.aws_access_key_id.clear();
         return c;
       },
       "aws_access_key_id"},
      {"s3 with azure secret",
       [] {
         auto c = S3AccessKey();
         c.secrets.set(SecretField::kAzureAccountKey, Secret(kCanary));
         return c;
       },
       "azure_account_key"},
      {"s3 with azure account name",
       [] {
         auto c = S3AccessKey();
         c.info.azure_account_name = "acct";
         return c;
       },
       "azure_account_name"},
      {"aws-cli with profile",
       [] {
         auto c = Make(kS3, kAwsCli);
         c.info.aws_profile = "dev";
         return c;
       },
       ""},
      {"aws-cli with a secret",
       [] {
         auto c = Make(kS3, kAwsCli);
         c.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanary));
         return c;
       },
       "aws_secret_access_key"},
      {"iam role",
       [] {
         auto c = Make(kS3, kIamRole);
         c.info.aws_role_arn = "arn:aws:iam::1:role/r";
         return c;
       },
       ""},
      {"iam role without arn", [] { return Make(kS3, kIamRole); }, "aws_role_arn"},
      {"iam role with malformed arn",
       [] {
         auto c = Make(kS3, kIamRole);
         c.info.aws_role_arn = "role/r";
         return c;
       },
       "aws_role_arn"},
      {"iam role with a key id",
       [] {
         auto c = Make(kS3, kIamRole);
         c.info.aws_role_arn = "arn:aws:iam::1:role/r";
         c.info.aws_access_key_id = "AKIA";
         return c;
       },
       "aws_access_key_id"},
      {"iam role with a secret key",
       [] {
         auto c = Make(kS3, kIamRole);
         c.info.aws_role_arn = "arn:aws:iam::1:role/r";
         c.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanary));
         return c;
       },
       "aws_secret_access_key"},
      {"env vars", [] { return Make(kS3, kEnvVars); }, ""},
      {"iam role on adls", [] { return Make(kAdls, kIamRole); }, "auth_method"},
      {"sas token on s3", [] { return Make(kS3, kSasToken); }, "auth_method"},
      {"adls sas token",
       [] {
         auto c = Make(kAdls, kSasToken);
         c.info.azure_account_name = "acct";
         c.secrets.set(SecretField::kAzureSasToken, Secret("sv=1&sig=abc"));
         return c;
       },
       ""},
      {"adls account key without account",
       [] {
         auto c = Make(kAdls, kAccessKey);
         c.secrets.set(SecretField::kAzureAccountKey, Secret("k"));
         return c;
       },
       "azure_account_name"},
      {"adls service principal without tenant",
       [] {
         auto c = Make(kAdls, kServicePrincipal);
         c.info.azure_account_name = "acct";
         c.info.azure_client_id = "id";
         c.secrets.set(SecretField::kAzureClientSecret, Secret("s"));
         return c;
       },
       "azure_tenant_id"},
      {"adls managed identity",
       [] {
         auto c = Make(kAdls, kManagedIdentity);
         c.info.azure_account_name = "lake1";
         return c;
       },
       ""},
      {"adls account name smuggling a host",
       [] {
         auto c = Make(kAdls, kManagedIdentity);
         c.info.azure_account_name = "attacker.example/#";
         return c;
       },
       "azure_account_name"},
      {"adls account name in capitals",
       [] {
         auto c = Make(kAdls, kManagedIdentity);
         c.info.azure_account_name = "Lake";
         return c;
       },
       "azure_account_name"},
      {"adls tenant smuggling a path",
       [] {
         auto c = Make(kAdls, kServicePrincipal);
         c.info.azure_account_name = "acct";
         c.info.azure_client_id = "id";
         c.info.azure_tenant_id = "attacker.example/#";
         c.secrets.set(SecretField::kAzureClientSecret, Secret("s"));
         return c;
       },
       "azure_tenant_id"},
      {"adls tenant as a domain",
       [] {
         auto c = Make(kAdls, kServicePrincipal);
         c.info.azure_account_name = "acct";
         c.info.azure_client_id = "id";
         c.info.azure_tenant_id = "contoso.onmicrosoft.com";
         c.secrets.set(SecretField::kAzureClientSecret, Secret("s"));
         return c;
       },
       ""},
      {"gcs service account",
       [] {
         auto c = Make(kGcs, kServiceAccount);
         c.secrets.set(SecretField::kGcsServiceAccountKey, Secret("{}"));
         return c;
       },
       ""},
      {"gcs service account without key", [] { return Make(kGcs, kServiceAccount); }, "gcs_service_account_key"},
      {"gcs with unsafe flag",
       [] {
         auto c = Make(kGcs, kEnvVars);
         c.info.aws_allow_unsafe_html = true;
         return c;
       },
       "aws_allow_unsafe_html"},
      {"empty name",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = "";
         return c;
       },
       "connection_name"},
      {"101 character name",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = std::string(101, 'n');
         return c;
       },
       "connection_name"},
      {"100 character name",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = std::string(100, 'n');
         return c;
       },
       ""},
      {"name with newline",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = "a\nb";
         return c;
       },
       "connection_name"},
      {"name with a slash",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = "team/lake";
         return c;
       },
       "connection_name"},
      {"name with padding",
       [] {
         auto c = S3AccessKey();
         c.info.connection_name = " lake";
         return c;
       },
       "connection_name"},
      {"endpoint with credentials",
       [] {
         auto c = S3AccessKey();
         c.info.endpoint_url = "https://AKIA:secret@host";
         return c;
       },
       "endpoint_url"},
      {"endpoint not http",
       [] {
         auto c = S3AccessKey();
         c.info.endpoint_url = "s3://bucket";
         return c;
       },
       "endpoint_url"},
      {"endpoint with a path",
       [] {
         auto c = S3AccessKey();
         c.info.endpoint_url = "https://minio.example/bucket";
         return c;
       },
       "endpoint_url"},
      {"endpoint with a fragment",
       [] {
         auto c = S3AccessKey();
         c.info.endpoint_url = "https://attacker.example/#";
         return c;
       },
       "endpoint_url"},
      {"local endpoint",
       [] {
         auto c = S3AccessKey();
         c.info.endpoint_url = "http://127.0.0.1:9000";
         return c;
       },
       ""},
      {"bad region",
       [] {
         auto c = S3AccessKey();
         c.info.aws_region = "US East";
         return c;
       },
       "aws_region"},
  };
}

INSTANTIATE_TEST_SUITE_P(Matrix, ValidationTest, ::testing::ValuesIn(Cases()), [](const auto& param_info) {
  std::string name;
  for (char c : param_info.param.description) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

}  // namespace
}  // namespace flowfile
