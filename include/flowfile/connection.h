// The cloud storage connection model.
//
// ConnectionInfo is the public view: everything about a connection except
// its secrets. Listings, logs, errors, HTTP responses, CLI output and Python
// reprs are built from it alone. Connection adds the secrets, and only the
// store, the crypto layer and the cloud layer ever hold one.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile {

enum class StorageType { kS3, kAdls, kGcs };

enum class AuthMethod {
  kAccessKey,         // S3 key pair (+ optional session token); ADLS account key
  kAwsCli,            // the local AWS config/credentials files (aws_profile or default)
  kIamRole,           // S3: assume aws_role_arn
  kEnvVars,           // S3: AWS_* environment; GCS: application default credentials
  kServicePrincipal,  // ADLS: tenant, client id, client secret
  kManagedIdentity,   // ADLS: managed identity / default credential
  kSasToken,          // ADLS: shared access signature
  kServiceAccount,    // GCS: service account key JSON
};

// Names as users write them: "s3", "adls", "gcs"; "access_key", "aws-cli", ...
std::string_view StorageTypeName(StorageType type);
std::string_view AuthMethodName(AuthMethod method);
// Parses a name; "aws_cli" is accepted for "aws-cli". Errors name the choices.
Result<StorageType> ParseStorageType(std::string_view name);
Result<AuthMethod> ParseAuthMethod(std::string_view name);

// The secret fields of a connection. Each is encrypted separately at rest.
enum class SecretField {
  kAwsSecretAccessKey,
  kAwsSessionToken,
  kAzureAccountKey,
  kAzureClientSecret,
  kAzureSasToken,
  kGcsServiceAccountKey,
};
inline constexpr std::array<SecretField, 6> kAllSecretFields = {
    SecretField::kAwsSecretAccessKey, SecretField::kAwsSessionToken, SecretField::kAzureAccountKey,
    SecretField::kAzureClientSecret,  SecretField::kAzureSasToken,   SecretField::kGcsServiceAccountKey,
};
// "aws_secret_access_key", ... (the user-facing field name).
std::string_view SecretFieldName(SecretField field);
Result<SecretField> ParseSecretField(std::string_view name);

// Public view of a connection: no secret, safe to print and return.
struct ConnectionInfo {
  std::int64_t id = 0;  // assigned by the store; 0 before creation
  std::string connection_name;
  StorageType storage_type = StorageType::kS3;
  AuthMethod auth_method = AuthMethod::kAccessKey;

  std::string aws_region;
  std::string aws_access_key_id;  // an identifier, not a secret (AWS shows it in consoles)
  std::string aws_role_arn;
  std::string aws_profile;             // aws-cli profile; empty means the default profile
  bool aws_allow_unsafe_html = false;  // allow plain http / unchecked TLS (local endpoints)

  std::string azure_account_name;
  std::string azure_tenant_id;
  std::string azure_client_id;

  std::string gcs_project_id;

  std::string endpoint_url;  // custom endpoint (S3-compatible services, emulators)
  bool verify_ssl = true;

  // Which secret fields hold a value (never the values).
  std::vector<SecretField> secrets_set;

  // Unix milliseconds; 0 when never.
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t last_used_at = 0;
  // Bumped whenever the secrets or where they are sent change; caches of
  // opened filesystems key on it.
  std::int64_t credentials_version = 0;
};

// The secret values of one connection, indexed by SecretField.
class ConnectionSecrets {
 public:
  const Secret& get(SecretField field) const { return values_[Index(field)]; }
  void set(SecretField field, Secret value) { values_[Index(field)] = std::move(value); }
  bool has(SecretField field) const { return !get(field).empty(); }

 private:
  static std::size_t Index(SecretField field) { return static_cast<std::size_t>(field); }
  std::array<Secret, kAllSecretFields.size()> values_;
};

// A whole connection: public view plus secrets.
struct Connection {
  ConnectionInfo info;
  ConnectionSecrets secrets;
};

// Checks names, the storage type x auth method matrix, required and refused
// fields, and URL syntax. The error is kInvalidArgument and names the field
// and the fix; it never quotes a secret.
Status ValidateConnection(const Connection& connection);

// The form in which a secret is stored and used: a SAS token without its
// leading '?' (see sas_token.h), any other secret as given. For values
// ValidateConnection accepted; an unparsable SAS is returned unchanged.
Secret CanonicalSecretValue(SecretField field, const Secret& value);

// Checks a connection name alone (1-100 printable characters, no
// surrounding spaces, no '/').
Status ValidateConnectionName(std::string_view name);

}  // namespace flowfile
