// The storage type x auth method table: the single place that says which
// fields a combination needs, so validation and the web UI's form agree.
#include "flowfile/connection_rules.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace flowfile {
namespace {

// The host of an http(s) URL, lower-cased, without port or IPv6 brackets.
std::string HostOf(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") == std::string_view::npos ? 0 : url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.starts_with('[')) {
    const std::size_t end = rest.find(']');
    rest = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

// 127.x.y.z with four numbers of at most three digits.
bool IsLoopbackIpv4(std::string_view host) {
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  std::size_t digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++parts;
      digits = 0;
    } else if (std::isdigit(static_cast<unsigned char>(c)) && digits < 3) {
      ++digits;
    } else {
      return false;
    }
  }
  return parts == 3 && digits > 0;
}

bool IsLoopbackHost(std::string_view host) { return host == "localhost" || host == "::1" || IsLoopbackIpv4(host); }

}  // namespace

using enum SecretField;

// Marks the rule of a storage type's default credential chain.
constexpr bool kDefault = true;
constexpr bool kNotDefault = false;
// Marks a method that signs with the host's own identity (its ~/.aws, its
// environment, its instance or managed identity) instead of stored secrets.
constexpr bool kHostIdentity = true;

const std::vector<AuthMethodRule>& ConnectionRules() {
  static const std::vector<AuthMethodRule> rules = {
      {StorageType::kS3,
       AuthMethod::kAccessKey,
       {"aws_access_key_id"},
       {"aws_region"},
       {kAwsSecretAccessKey},
       {kAwsSessionToken}},
      {StorageType::kS3, AuthMethod::kAwsCli, {}, {"aws_region", "aws_profile"}, {}, {}, kDefault, kHostIdentity},
      // The role is assumed with the default AWS credential chain as the base
      // credentials (Arrow's assume-role options take no explicit key pair).
      {StorageType::kS3,
       AuthMethod::kIamRole,
       {"aws_role_arn"},
       {"aws_region"},
       {},
       {},
       kNotDefault,
       kHostIdentity},
      {StorageType::kS3, AuthMethod::kEnvVars, {}, {"aws_region"}, {}, {}, kNotDefault, kHostIdentity},
      {StorageType::kAdls, AuthMethod::kAccessKey, {"azure_account_name"}, {}, {kAzureAccountKey}, {}},
      {StorageType::kAdls, AuthMethod::kSasToken, {"azure_account_name"}, {}, {kAzureSasToken}, {}},
      {StorageType::kAdls,
       AuthMethod::kServicePrincipal,
       {"azure_account_name", "azure_tenant_id", "azure_client_id"},
       {},
       {kAzureClientSecret},
       {}},
      {StorageType::kAdls,
       AuthMethod::kManagedIdentity,
       {"azure_account_name"},
       {"azure_client_id"},
       {},
       {},
       kDefault,
       kHostIdentity},
      {StorageType::kGcs, AuthMethod::kServiceAccount, {}, {"gcs_project_id"}, {kGcsServiceAccountKey}, {}},
      {StorageType::kGcs, AuthMethod::kEnvVars, {}, {"gcs_project_id"}, {}, {}, kDefault, kHostIdentity},
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

bool UsesHostIdentity(const ConnectionInfo& info) {
  const AuthMethodRule* rule = FindConnectionRule(info.storage_type, info.auth_method);
  return rule != nullptr && rule->uses_host_identity;
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

bool PlainHttpAllowed(const ConnectionInfo& info) {
  const bool opted_in = info.storage_type == StorageType::kS3 ? info.aws_allow_unsafe_html : !info.verify_ssl;
  return opted_in || IsLoopbackHost(HostOf(info.endpoint_url));
}

Remedy UnsafeEndpointRemedy(StorageType storage_type) {
  return storage_type == StorageType::kS3 ? Remedy{"aws_allow_unsafe_html", true} : Remedy{"verify_ssl", false};
}

// Plain http to anything but a loopback host needs the opt-in flag: refused
// when the connection is stored, rather than at its first use.
Status CheckPlainHttp(const ConnectionInfo& info) {
  if (!info.endpoint_url.starts_with("http://") || PlainHttpAllowed(info)) return Status::Ok();
  return InvalidField("endpoint_url",
                      "uses plain http, which sends credentials and data unencrypted: use https "
                      "(loopback hosts may use http as they are).")
      .WithRemedy(UnsafeEndpointRemedy(info.storage_type));
}

}  // namespace flowfile
