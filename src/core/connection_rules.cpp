// The storage type x auth method table: the single place that says which
// fields a combination needs, so validation and the web UI's form agree.
#include "flowfile/connection_rules.h"

#include <algorithm>

namespace flowfile {

using enum SecretField;

// Marks the rule of a storage type's default credential chain.
constexpr bool kDefault = true;

const std::vector<AuthMethodRule>& ConnectionRules() {
  static const std::vector<AuthMethodRule> rules = {
      {StorageType::kS3,
       AuthMethod::kAccessKey,
       {"aws_access_key_id"},
       {"aws_region"},
       {kAwsSecretAccessKey},
       {kAwsSessionToken}},
      {StorageType::kS3, AuthMethod::kAwsCli, {}, {"aws_region", "aws_profile"}, {}, {}, kDefault},
      // The role is assumed with the default AWS credential chain as the base
      // credentials (Arrow's assume-role options take no explicit key pair).
      {StorageType::kS3, AuthMethod::kIamRole, {"aws_role_arn"}, {"aws_region"}, {}, {}},
      {StorageType::kS3, AuthMethod::kEnvVars, {}, {"aws_region"}, {}, {}},
      {StorageType::kAdls, AuthMethod::kAccessKey, {"azure_account_name"}, {}, {kAzureAccountKey}, {}},
      {StorageType::kAdls, AuthMethod::kSasToken, {"azure_account_name"}, {}, {kAzureSasToken}, {}},
      {StorageType::kAdls,
       AuthMethod::kServicePrincipal,
       {"azure_account_name", "azure_tenant_id", "azure_client_id"},
       {},
       {kAzureClientSecret},
       {}},
      {StorageType::kAdls, AuthMethod::kManagedIdentity, {"azure_account_name"}, {"azure_client_id"}, {}, {}, kDefault},
      {StorageType::kGcs, AuthMethod::kServiceAccount, {}, {"gcs_project_id"}, {kGcsServiceAccountKey}, {}},
      {StorageType::kGcs, AuthMethod::kEnvVars, {}, {"gcs_project_id"}, {}, {}, kDefault},
  };
  return rules;
}

const AuthMethodRule* FindConnectionRule(StorageType storage_type, AuthMethod auth_method) {
  const auto& rules = ConnectionRules();
  auto rule = std::find_if(rules.begin(), rules.end(), [&](const AuthMethodRule& r) {
    return r.storage_type == storage_type && r.auth_method == auth_method;
  });
  return rule == rules.end() ? nullptr : &*rule;
}

AuthMethod DefaultAuthMethod(StorageType storage_type) {
  for (const AuthMethodRule& rule : ConnectionRules()) {
    if (rule.storage_type == storage_type && rule.is_default) return rule.auth_method;
  }
  return AuthMethod::kAwsCli;  // unreachable: the table marks one default per storage type
}

const std::vector<std::string_view>& CommonOptionalTextFields() {
  static const std::vector<std::string_view> fields = {"endpoint_url"};
  return fields;
}

const std::vector<std::string_view>& FlagFieldsOf(StorageType storage_type) {
  // S3 has its own switch for plain http and unchecked TLS (the Flowfile
  // client's name for it); Azure and GCS use verify_ssl alone.
  static const std::vector<std::string_view> s3 = {"verify_ssl", "aws_allow_unsafe_html"};
  static const std::vector<std::string_view> others = {"verify_ssl"};
  return storage_type == StorageType::kS3 ? s3 : others;
}

}  // namespace flowfile
