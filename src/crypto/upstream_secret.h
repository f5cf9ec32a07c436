// The secrets of an upstream Flowfile installation (the registry's
// `flowfile` package, 0.23.x), opened read-only for a migration.
//
// Upstream seals each secret with Fernet. Its current format is
// "$ffsec$1$<user id>$<Fernet token>", the Fernet key being
// HKDF-SHA256(ikm = the master key's text, salt = "flowfile-secrets-v1",
// info = "user-<user id>"); an older secret is a bare Fernet token under the
// master key itself (flowfile_core/secret_manager/secret_manager.py,
// decrypt_secret). The master key is a Fernet key text.
#pragma once

#include <string_view>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

// The plaintext of one upstream `secrets.encrypted_value` under the master
// key text `master_key` (44 characters; surrounding whitespace ignored).
// Errors: kAccessDenied when the key does not open it (a wrong key);
// kInvalidArgument when the master key is not a Fernet key or the value is
// in neither format. Messages never quote the key or the value.
Result<Secret> OpenUpstreamSecret(const Secret& master_key, std::string_view encrypted_value);

}  // namespace flowfile::crypto
