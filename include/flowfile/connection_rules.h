// Which fields each storage type x auth method combination requires or
// allows. This one table is what ValidateConnection enforces and what front
// ends show (the web UI's connection form reads it from
// GET /api/connection-rules), so the two never disagree.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"

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

// The auth method of a connection that names none (the rule marked
// is_default: the provider's default credential chain). Every front end
// takes its default from here.
AuthMethod DefaultAuthMethod(StorageType storage_type);

// Text fields every combination may set: "endpoint_url" (S3-compatible
// services, emulators, private endpoints).
const std::vector<std::string_view>& CommonOptionalTextFields();

// The flags (named as in kFlagFields) a storage type may change from their
// defaults: "verify_ssl" everywhere, "aws_allow_unsafe_html" on s3 only.
const std::vector<std::string_view>& FlagFieldsOf(StorageType storage_type);

// Whether the connection may talk plain http to its endpoint_url: always to
// a loopback host (localhost, 127.0.0.0/8, [::1]: local emulators and
// MinIO, where nothing crosses a network), elsewhere only with the storage
// type's opt-in (PlainHttpOptIn). Validation refuses the others when a
// connection is created or updated; the cloud layer applies the same rule.
bool PlainHttpAllowed(const ConnectionInfo& info);
// The opt-in that allows plain http to a non-loopback endpoint, as the user
// writes it: "aws_allow_unsafe_html=True" on s3, "verify_ssl=False" else.
std::string_view PlainHttpOptIn(StorageType storage_type);

}  // namespace flowfile
