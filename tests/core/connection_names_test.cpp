#include <gtest/gtest.h>

#include "flowfile/connection.h"

namespace flowfile {
namespace {

TEST(ConnectionNamesTest, StorageTypesRoundTrip) {
  for (StorageType type : {StorageType::kS3, StorageType::kAdls, StorageType::kGcs}) {
    auto parsed = ParseStorageType(StorageTypeName(type));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, type);
  }
}

TEST(ConnectionNamesTest, AuthMethodsRoundTripAndAcceptAwsCliUnderscore) {
  for (const char* name : {"access_key", "aws-cli", "iam_role", "env_vars", "service_principal",
                           "managed_identity", "sas_token", "service_account"}) {
    auto parsed = ParseAuthMethod(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(AuthMethodName(*parsed), name);
  }
  auto alias = ParseAuthMethod("aws_cli");
  ASSERT_TRUE(alias.ok());
  EXPECT_EQ(*alias, AuthMethod::kAwsCli);
}

TEST(ConnectionNamesTest, UnknownNameListsChoicesWithoutEchoingInput) {
  auto parsed = ParseAuthMethod("wJalrXUtnFEMI-canary");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message().find("access_key"), std::string::npos);
  EXPECT_EQ(parsed.error().message().find("canary"), std::string::npos);
}

TEST(ConnectionNamesTest, SecretFieldsRoundTrip) {
  for (SecretField field : kAllSecretFields) {
    auto parsed = ParseSecretField(SecretFieldName(field));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, field);
  }
}

}  // namespace
}  // namespace flowfile
