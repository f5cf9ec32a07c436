// Validation of a connection: the storage type x auth method matrix (the
// table of connection_rules.cpp), which fields each combination needs or
// refuses, and the syntax of names and URLs.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"
#include "flowfile/sas_token.h"
#include "src/core/text_checks.h"

namespace flowfile {
namespace {

bool Contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Region names are lower-case letters, digits and dashes ("us-east-1", and
// whatever an S3-compatible service calls its regions).
bool IsRegionName(std::string_view region) {
  return region.size() <= 40 && std::isalpha(static_cast<unsigned char>(region.front())) &&
         std::all_of(region.begin(), region.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string Combination(const ConnectionInfo& info) {
  return "auth_method " + std::string(AuthMethodName(info.auth_method)) + " on storage_type " +
         std::string(StorageTypeName(info.storage_type));
}

Status CheckFieldsAgainstRule(const Connection& connection, const AuthMethodRule& rule) {
  const ConnectionInfo& info = connection.info;
  for (const TextFieldSpec& field : kTextFields) {
    const std::string& value = info.*field.member;
    if (Contains(CommonOptionalTextFields(), field.name)) continue;
    if (Contains(rule.required_text, field.name) && value.empty()) {
      return InvalidField(field.name, "is required for " + Combination(info) + ".");
    }
    if (!value.empty() && !Contains(rule.required_text, field.name) && !Contains(rule.optional_text, field.name)) {
      return InvalidField(field.name, "is not used by " + Combination(info) +
                                          ": remove it or choose an auth method that uses it.");
    }
  }
  for (SecretField field : kAllSecretFields) {
    const bool present = connection.secrets.has(field);
    if (Contains(rule.required_secrets, field) && !present) {
      return InvalidField(SecretFieldName(field), "is required for " + Combination(info) + ".");
    }
    if (present && !Contains(rule.required_secrets, field) && !Contains(rule.optional_secrets, field)) {
      return InvalidField(SecretFieldName(field), "is not used by " + Combination(info) +
                                                      ": remove it so the secret is not stored for nothing.");
    }
  }
  return Status::Ok();
}

Status CheckTextSyntax(const ConnectionInfo& info) {
  for (const TextFieldSpec& field : kTextFields) {
    if (internal::HasControlCharacter(info.*field.member)) {
      return InvalidField(field.name, "contains a control character: remove it.");
    }
  }
  if (!info.aws_region.empty() && !IsRegionName(info.aws_region)) {
    return InvalidField("aws_region", "is not a region name: use a name like us-east-1.");
  }
  if (!info.aws_role_arn.empty() && info.aws_role_arn.rfind("arn:", 0) != 0) {
    return InvalidField("aws_role_arn", "must be a role ARN such as arn:aws:iam::123456789012:role/reader.");
  }
  if (!info.azure_account_name.empty() && !internal::IsAzureAccountName(info.azure_account_name)) {
    return InvalidField("azure_account_name",
                        "is not a storage account name: use 3 to 24 lower-case letters and digits, as in "
                        "mydatalake (not a URL or host).");
  }
  if (!info.azure_tenant_id.empty() && !internal::IsAzureTenantId(info.azure_tenant_id)) {
    return InvalidField("azure_tenant_id",
                        "is not a tenant: use its ID (a GUID) or its domain, as in contoso.onmicrosoft.com.");
  }
  if (!info.endpoint_url.empty()) FLOWFILE_RETURN_IF_ERROR(internal::CheckEndpointUrl(info.endpoint_url));
  return Status::Ok();
}

bool FlagDefault(std::string_view name) {
  auto flag =
      std::find_if(kFlagFields.begin(), kFlagFields.end(), [&](const FlagFieldSpec& f) { return f.name == name; });
  return flag != kFlagFields.end() && flag->default_value;
}

// A flag the storage type does not use must keep its default. The error
// names the storage types that use the flag and the flags this one offers
// ("aws_allow_unsafe_html applies to s3 only: use verify_ssl=false for adls.").
Status CheckFlags(const ConnectionInfo& info) {
  const auto& offered = FlagFieldsOf(info.storage_type);
  for (const FlagFieldSpec& flag : kFlagFields) {
    if (info.*flag.member == flag.default_value || Contains(offered, flag.name)) continue;
    std::string users;
    for (StorageType type : kAllStorageTypes) {
      if (!Contains(FlagFieldsOf(type), flag.name)) continue;
      if (!users.empty()) users += ", ";
      users += StorageTypeName(type);
    }
    std::string instead;
    for (std::string_view other : offered) {
      if (!instead.empty()) instead += " or ";
      instead += std::string(other) + "=" + (FlagDefault(other) ? "false" : "true");
    }
    return InvalidField(flag.name, "applies to " + users + " only: " +
                                       (instead.empty() ? std::string("remove it") : "use " + instead) + " for " +
                                       std::string(StorageTypeName(info.storage_type)) + ".");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateConnectionName(std::string_view name) {
  const std::size_t length = internal::Utf8Length(name);
  if (length == 0 || length > 100) {
    return InvalidField("connection_name", "must be 1 to 100 characters long.");
  }
  if (!internal::IsValidUtf8(name) || internal::HasControlCharacter(name)) {
    return InvalidField("connection_name", "must be printable text: remove control characters.");
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return InvalidField("connection_name", "must not start or end with a space.");
  }
  // Names are path segments of the API (/api/connections/<name>) and of CLI
  // commands; a '/' would make a connection that cannot be addressed.
  if (name.find('/') != std::string_view::npos) {
    return InvalidField("connection_name", "must not contain '/': use another character, such as '-'.");
  }
  return Status::Ok();
}

Status ValidateConnection(const Connection& connection) {
  const ConnectionInfo& info = connection.info;
  FLOWFILE_RETURN_IF_ERROR(ValidateConnectionName(info.connection_name));
  const AuthMethodRule* rule = FindConnectionRule(info.storage_type, info.auth_method);
  if (rule == nullptr) {
    std::string allowed;
    for (const AuthMethodRule& r : ConnectionRules()) {
      if (r.storage_type != info.storage_type) continue;
      if (!allowed.empty()) allowed += ", ";
      allowed += AuthMethodName(r.auth_method);
    }
    return InvalidField("auth_method",
                        std::string(AuthMethodName(info.auth_method)) + " is not available for storage_type " +
                            std::string(StorageTypeName(info.storage_type)) + ": use one of " + allowed + ".");
  }
  FLOWFILE_RETURN_IF_ERROR(CheckTextSyntax(info));
  FLOWFILE_RETURN_IF_ERROR(CheckFlags(info));
  FLOWFILE_RETURN_IF_ERROR(CheckPlainHttp(info));
  FLOWFILE_RETURN_IF_ERROR(CheckFieldsAgainstRule(connection, *rule));
  if (connection.secrets.has(SecretField::kAzureSasToken)) {
    FLOWFILE_RETURN_IF_ERROR(ParseSasToken(connection.secrets.get(SecretField::kAzureSasToken)).status());
  }
  return Status::Ok();
}

}  // namespace flowfile
