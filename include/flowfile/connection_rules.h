// Which fields each storage type x auth method combination requires or
// allows. This one table is what ValidateConnection enforces and what front
// ends show (the web UI's connection form reads it from
// GET /api/connection-rules), so the two never disagree.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/error.h"
#include "flowfile/result.h"

namespace flowfile {

// What one storage type x auth method combination uses. Text fields are
// named as in kTextFields (connection_fields.h), secrets by SecretField
// (SecretFieldName gives their names). A text field or secret that is neither
// required nor optional here, nor in CommonOptionalTextFields(), must be empty.
struct AuthMethodRule {
  StorageType storage_type;
  AuthMethod auth_method;
  std::vector<std::string_view> required_text;
  std::vector<std::string_view> optional_text;
  std::vector<SecretField> required_secrets;
  std::vector<SecretField> optional_secrets;
  // The auth method a connection of this storage type gets when it names
  // none; exactly one rule per storage type sets it.
  bool is_default = false;
  // The method signs with the host's own cloud identity (its ~/.aws
  // profiles, environment variables, instance role, managed identity or
  // Google default credentials), not with secrets stored in the connection.
  // On a shared server these are an administrator's grant (ambient-identity).
  bool uses_host_identity = false;
};

// The storage types in the order front ends offer them.
inline constexpr std::array<StorageType, 3> kAllStorageTypes = {StorageType::kS3, StorageType::kAdls,
                                                                StorageType::kGcs};

// Every available combination, grouped by storage type in kAllStorageTypes
// order; within one storage type, in the order front ends offer the auth
// methods (the first is the default). Immutable; safe from any thread.
const std::vector<AuthMethodRule>& ConnectionRules();

// The rule of one combination; nullptr when the auth method is not
// available for the storage type. Points into ConnectionRules().
const AuthMethodRule* FindConnectionRule(StorageType storage_type, AuthMethod auth_method);

// True when `info`'s auth method signs with the host's own identity
// (AuthMethodRule::uses_host_identity).
bool UsesHostIdentity(const ConnectionInfo& info);

// The auth method of a connection that names none (the rule marked
// is_default: the provider's default credential chain). Every front end
// takes its default from here.
AuthMethod DefaultAuthMethod(StorageType storage_type);

// Text fields every combination may set: "endpoint_url" (S3-compatible
// services, emulators, private endpoints).
const std::vector<std::string_view>& CommonOptionalTextFields();

// The public fields that decide where a connection's secrets are sent, or
// how safely they travel: provider and method, the host (endpoint_url, the
// Azure account, the AWS region when no endpoint_url names the host, the
// Azure tenant a client secret is presented to) and the TLS and plain-http
// flags. An update that changes one must give the stored secrets again
// (ConnectionUpdate), and each sealed secret is bound to their values.
inline constexpr std::array<std::string_view, 8> kDestinationFields = {
    "storage_type",       "auth_method",     "endpoint_url", "aws_region",
    "azure_account_name", "azure_tenant_id", "verify_ssl",   "aws_allow_unsafe_html"};

// One destination field of a connection as it is in effect: flags as
// "true"/"false", storage type and auth method by name.
struct DestinationValue {
  std::string_view field;
  std::string value;
};

// The destination fields of `info` that are in effect, in kDestinationFields
// order (aws_region only when endpoint_url is empty: an endpoint names the
// host itself). Two connections with equal destinations send their secrets
// to the same place.
std::vector<DestinationValue> DestinationOf(const ConnectionInfo& info);

// The destination fields whose value differs between `before` and `after`
// and that are in effect in either, in kDestinationFields order.
std::vector<std::string_view> ChangedDestinationFields(const ConnectionInfo& before, const ConnectionInfo& after);

// DestinationOf(info) as the bytes each sealed secret of the connection is
// bound to (its associated data): every field as a length-prefixed name and
// value, so no two destinations encode alike. Changing a destination field
// behind the store's back makes the secrets fail to open.
std::string DestinationBinding(const ConnectionInfo& info);

// The flags (named as in kFlagFields) a storage type may change from their
// defaults: "verify_ssl" everywhere, "aws_allow_unsafe_html" on s3 only.
const std::vector<std::string_view>& FlagFieldsOf(StorageType storage_type);

// Whether the connection may talk plain http to its endpoint_url: always to
// a loopback host (localhost, 127.0.0.0/8, [::1]: local emulators and
// MinIO, where nothing crosses a network), elsewhere only with the storage
// type's opt-in (UnsafeEndpointRemedy). Validation refuses the others when a
// connection is created or updated; the cloud layer applies the same rule.
bool PlainHttpAllowed(const ConnectionInfo& info);
// The setting that allows plain http to a non-loopback endpoint, and an
// untrusted TLS certificate: aws_allow_unsafe_html=true on s3,
// verify_ssl=false elsewhere.
Remedy UnsafeEndpointRemedy(StorageType storage_type);
// The plain-http rule as a check of a draft connection: kInvalidArgument on
// endpoint_url, with UnsafeEndpointRemedy, where PlainHttpAllowed says no.
// The one answer every front end shows (the web asks it before saving).
Status CheckPlainHttp(const ConnectionInfo& info);

}  // namespace flowfile
