// The exposed storage type x auth method table agrees with what
// ValidateConnection accepts, combination by combination.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"

namespace flowfile {
namespace {

bool Contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string Describe(const AuthMethodRule& rule) {
  return std::string(StorageTypeName(rule.storage_type)) + "/" + std::string(AuthMethodName(rule.auth_method));
}

void SetText(ConnectionInfo& info, std::string_view name, std::string value) {
  for (const TextFieldSpec& field : kTextFields) {
    if (field.name == name) info.*field.member = std::move(value);
  }
}

// A well-formed value of a secret field (a SAS token must read as one).
Secret AnySecret(SecretField field) { return Secret(field == SecretField::kAzureSasToken ? "sv=1&sig=s" : "s"); }

// A connection of the rule's combination with exactly its required fields.
Connection WithRequiredFields(const AuthMethodRule& rule) {
  Connection connection;
  connection.info.connection_name = "c";
  connection.info.storage_type = rule.storage_type;
  connection.info.auth_method = rule.auth_method;
  for (std::string_view name : rule.required_text) {
    SetText(connection.info, name, name == "aws_role_arn" ? "arn:aws:iam::123456789012:role/reader" : "value");
  }
  for (SecretField field : rule.required_secrets) connection.secrets.set(field, AnySecret(field));
  return connection;
}

TEST(ConnectionRulesTest, NamesOnlyKnownTextFieldsOutsideTheCommonOnes) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    for (const auto* list : {&rule.required_text, &rule.optional_text}) {
      for (std::string_view name : *list) {
        EXPECT_TRUE(std::any_of(kTextFields.begin(), kTextFields.end(),
                                [&](const TextFieldSpec& f) { return f.name == name; }))
            << Describe(rule) << ": " << name;
        EXPECT_FALSE(Contains(CommonOptionalTextFields(), name)) << Describe(rule) << ": " << name;
      }
    }
    for (std::string_view name : rule.required_text) {
      EXPECT_FALSE(Contains(rule.optional_text, name)) << Describe(rule) << ": " << name;
    }
    for (SecretField field : rule.required_secrets) {
      EXPECT_FALSE(Contains(rule.optional_secrets, field)) << Describe(rule);
    }
  }
}

TEST(ConnectionRulesTest, GroupsCombinationsByStorageTypeInOfferedOrder) {
  std::size_t next_type = 0;
  for (const AuthMethodRule& rule : ConnectionRules()) {
    while (next_type < kAllStorageTypes.size() && kAllStorageTypes[next_type] != rule.storage_type) ++next_type;
    ASSERT_LT(next_type, kAllStorageTypes.size()) << Describe(rule) << " is out of storage type order";
    EXPECT_EQ(FindConnectionRule(rule.storage_type, rule.auth_method), &rule) << Describe(rule);
  }
  for (StorageType type : kAllStorageTypes) {
    EXPECT_TRUE(std::any_of(ConnectionRules().begin(), ConnectionRules().end(),
                            [&](const AuthMethodRule& r) { return r.storage_type == type; }))
        << StorageTypeName(type) << " has no auth method";
  }
}

TEST(ConnectionRulesTest, HasNoRuleForAnUnavailableCombination) {
  EXPECT_EQ(FindConnectionRule(StorageType::kS3, AuthMethod::kSasToken), nullptr);
  EXPECT_EQ(FindConnectionRule(StorageType::kGcs, AuthMethod::kAccessKey), nullptr);
  Connection connection;
  connection.info.connection_name = "c";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kSasToken;
  Status status = ValidateConnection(connection);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("access_key, aws-cli, iam_role, env_vars"), std::string::npos)
      << status.error().message();
  EXPECT_EQ(status.error().field(), "auth_method");
}

TEST(ConnectionRulesTest, ValidationAcceptsExactlyTheRequiredFields) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    Status status = ValidateConnection(WithRequiredFields(rule));
    EXPECT_TRUE(status.ok()) << Describe(rule) << ": " << status.error().message();
  }
}

TEST(ConnectionRulesTest, ValidationAcceptsEveryOptionalAndCommonField) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    Connection connection = WithRequiredFields(rule);
    for (std::string_view name : rule.optional_text) SetText(connection.info, name, "us-east-1");
    for (std::string_view name : CommonOptionalTextFields())
      SetText(connection.info, name, "https://storage.example");
    for (SecretField field : rule.optional_secrets) connection.secrets.set(field, AnySecret(field));
    Status status = ValidateConnection(connection);
    EXPECT_TRUE(status.ok()) << Describe(rule) << ": " << status.error().message();
  }
}

TEST(ConnectionRulesTest, ValidationNamesEachMissingRequiredField) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    for (std::string_view name : rule.required_text) {
      Connection connection = WithRequiredFields(rule);
      SetText(connection.info, name, "");
      Status status = ValidateConnection(connection);
      ASSERT_FALSE(status.ok()) << Describe(rule) << " without " << name;
      EXPECT_NE(status.error().message().find(std::string(name) + " is required"), std::string::npos)
          << status.error().message();
      EXPECT_EQ(status.error().field(), name);
    }
    for (SecretField field : rule.required_secrets) {
      Connection connection = WithRequiredFields(rule);
      connection.secrets.set(field, Secret());
      Status status = ValidateConnection(connection);
      ASSERT_FALSE(status.ok()) << Describe(rule) << " without " << SecretFieldName(field);
      EXPECT_NE(status.error().message().find(std::string(SecretFieldName(field)) + " is required"),
                std::string::npos)
          << status.error().message();
      EXPECT_EQ(status.error().field(), SecretFieldName(field));
    }
  }
}

TEST(ConnectionRulesTest, ValidationRefusesEveryFieldTheRuleDoesNotName) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    for (const TextFieldSpec& field : kTextFields) {
      if (Contains(rule.required_text, field.name) || Contains(rule.optional_text, field.name) ||
          Contains(CommonOptionalTextFields(), field.name)) {
        continue;
      }
      Connection connection = WithRequiredFields(rule);
      connection.info.*field.member = field.name == "aws_role_arn"         ? "arn:aws:iam::1:role/r"
                                      : field.name == "azure_account_name" ? "lakeaccount"
                                                                           : "us-east-1";
      Status status = ValidateConnection(connection);
      ASSERT_FALSE(status.ok()) << Describe(rule) << " with " << field.name;
      EXPECT_NE(status.error().message().find(std::string(field.name) + " is not used"), std::string::npos)
          << status.error().message();
      EXPECT_EQ(status.error().field(), field.name);
    }
    for (SecretField field : kAllSecretFields) {
      if (Contains(rule.required_secrets, field) || Contains(rule.optional_secrets, field)) continue;
      Connection connection = WithRequiredFields(rule);
      connection.secrets.set(field, AnySecret(field));
      Status status = ValidateConnection(connection);
      ASSERT_FALSE(status.ok()) << Describe(rule) << " with " << SecretFieldName(field);
      EXPECT_NE(status.error().message().find(std::string(SecretFieldName(field)) + " is not used"),
                std::string::npos)
          << status.error().message();
    }
  }
}

TEST(ConnectionRulesTest, ValidationAllowsExactlyTheFlagsOfTheStorageType) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    for (const FlagFieldSpec& flag : kFlagFields) {
      Connection connection = WithRequiredFields(rule);
      connection.info.*flag.member = !flag.default_value;
      Status status = ValidateConnection(connection);
      if (Contains(FlagFieldsOf(rule.storage_type), flag.name)) {
        EXPECT_TRUE(status.ok()) << Describe(rule) << " with " << flag.name << ": " << status.error().message();
      } else {
        ASSERT_FALSE(status.ok()) << Describe(rule) << " with " << flag.name;
        EXPECT_NE(status.error().message().find(flag.name), std::string::npos) << status.error().message();
        EXPECT_EQ(status.error().field(), flag.name);
      }
    }
  }
}

TEST(ConnectionRulesTest, EachStorageTypeDefaultsToItsCredentialChain) {
  for (StorageType type : kAllStorageTypes) {
    int defaults = 0;
    for (const AuthMethodRule& rule : ConnectionRules()) defaults += rule.storage_type == type && rule.is_default;
    EXPECT_EQ(defaults, 1) << StorageTypeName(type);
  }
  EXPECT_EQ(DefaultAuthMethod(StorageType::kS3), AuthMethod::kAwsCli);
  EXPECT_EQ(DefaultAuthMethod(StorageType::kAdls), AuthMethod::kManagedIdentity);
  EXPECT_EQ(DefaultAuthMethod(StorageType::kGcs), AuthMethod::kEnvVars);
}

TEST(ConnectionRulesTest, UnsafeHtmlOutsideS3PointsToVerifySsl) {
  Connection connection =
      WithRequiredFields(*FindConnectionRule(StorageType::kAdls, AuthMethod::kManagedIdentity));
  connection.info.aws_allow_unsafe_html = true;
  Status status = ValidateConnection(connection);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "aws_allow_unsafe_html applies to s3 only: use verify_ssl=false for adls.");
}

TEST(ConnectionRulesTest, DestinationFieldsArePublicFields) {
  for (std::string_view name : kDestinationFields) {
    const bool known = name == "storage_type" || name == "auth_method" ||
                       std::any_of(kTextFields.begin(), kTextFields.end(),
                                   [&](const TextFieldSpec& f) { return f.name == name; }) ||
                       std::any_of(kFlagFields.begin(), kFlagFields.end(),
                                   [&](const FlagFieldSpec& f) { return f.name == name; });
    EXPECT_TRUE(known) << name;
  }
  // Every flag decides how secrets travel (TLS checks, plain http).
  for (const FlagFieldSpec& flag : kFlagFields) EXPECT_TRUE(Contains(kDestinationFields, flag.name)) << flag.name;
}

TEST(ConnectionRulesTest, RegionSelectsTheHostOnlyWithoutAnEndpoint) {
  ConnectionInfo before;
  before.aws_region = "us-east-1";
  ConnectionInfo after = before;
  after.aws_region = "eu-west-1";
  EXPECT_EQ(ChangedDestinationFields(before, after), std::vector<std::string_view>{"aws_region"});
  before.endpoint_url = after.endpoint_url = "https://minio.example";
  EXPECT_TRUE(ChangedDestinationFields(before, after).empty());
  after.azure_account_name = "other";
  after.verify_ssl = false;
  EXPECT_EQ(ChangedDestinationFields(before, after),
            (std::vector<std::string_view>{"azure_account_name", "verify_ssl"}));
  EXPECT_EQ(DestinationOf(before).size(), kDestinationFields.size() - 1);
  before.endpoint_url.clear();
  EXPECT_EQ(DestinationOf(before).size(), kDestinationFields.size());
}

}  // namespace
}  // namespace flowfile
