// User-facing names of storage types, auth methods and secret fields.
#include <algorithm>
#include <string>

#include "flowfile/connection.h"

namespace flowfile {
namespace {

constexpr std::string_view kSecretFieldWhat = "secret field";

template <typename Enum>
struct NameEntry {
  Enum value;
  std::string_view name;
};

constexpr NameEntry<StorageType> kStorageTypeNames[] = {
    {StorageType::kS3, "s3"}, {StorageType::kAdls, "adls"}, {StorageType::kGcs, "gcs"}};

constexpr NameEntry<AuthMethod> kAuthMethodNames[] = {
    {AuthMethod::kAccessKey, "access_key"},
    {AuthMethod::kAwsCli, "aws-cli"},
    {AuthMethod::kIamRole, "iam_role"},
    {AuthMethod::kEnvVars, "env_vars"},
    {AuthMethod::kServicePrincipal, "service_principal"},
    {AuthMethod::kManagedIdentity, "managed_identity"},
    {AuthMethod::kSasToken, "sas_token"},
    {AuthMethod::kServiceAccount, "service_account"},
};

constexpr NameEntry<SecretField> kSecretFieldNames[] = {
    {SecretField::kAwsSecretAccessKey, "aws_secret_access_key"},
    {SecretField::kAwsSessionToken, "aws_session_token"},
    {SecretField::kAzureAccountKey, "azure_account_key"},
    {SecretField::kAzureClientSecret, "azure_client_secret"},
    {SecretField::kAzureSasToken, "azure_sas_token"},
    {SecretField::kGcsServiceAccountKey, "gcs_service_account_key"},
};

template <typename Enum, std::size_t N>
std::string_view NameOf(const NameEntry<Enum> (&table)[N], Enum value) {
  auto it =
      std::find_if(std::begin(table), std::end(table), [&](const auto& entry) { return entry.value == value; });
  return it == std::end(table) ? "unknown" : it->name;
}

template <typename Enum, std::size_t N>
Result<Enum> Parse(const NameEntry<Enum> (&table)[N], std::string_view name, std::string_view what) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  std::string choices;
  for (const auto& entry : table) {
    if (!choices.empty()) choices += ", ";
    choices += entry.name;
  }
  // The rejected value is not echoed: a mistyped field may hold a secret.
  // `what` is a field's name, except for the secret field names themselves.
  const std::string problem = "is not one of: " + choices + ".";
  if (what == kSecretFieldWhat) return Error(ErrorCode::kInvalidArgument, std::string(what) + " " + problem);
  return InvalidField(what, problem);
}

}  // namespace

std::string_view StorageTypeName(StorageType type) { return NameOf(kStorageTypeNames, type); }
std::string_view AuthMethodName(AuthMethod method) { return NameOf(kAuthMethodNames, method); }
std::string_view SecretFieldName(SecretField field) { return NameOf(kSecretFieldNames, field); }

Result<StorageType> ParseStorageType(std::string_view name) {
  return Parse(kStorageTypeNames, name, "storage_type");
}

Result<AuthMethod> ParseAuthMethod(std::string_view name) {
  if (name == "aws_cli") return AuthMethod::kAwsCli;
  return Parse(kAuthMethodNames, name, "auth_method");
}

Result<SecretField> ParseSecretField(std::string_view name) {
  return Parse(kSecretFieldNames, name, kSecretFieldWhat);
}

}  // namespace flowfile
