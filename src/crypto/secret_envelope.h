// The at-rest format of one secret field: an authenticated, versioned
// envelope that only opens for the user, connection and field it was sealed
// for.
//
// Layout (all integers big endian):
//   "FFSE" magic (4) | format version 0x01 (1) | master key version (4) |
//   nonce (12) | AES-256-GCM ciphertext (n) | tag (16)
// The key is HKDF-SHA256(master key of that version, salt "flowfile user key
// v1", info = decimal user id). The associated data binds the header bytes,
// the user id, the connection id and the field name, so a ciphertext copied
// to another user, row or field fails to open.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

// Where a secret lives; all three parts are bound into the ciphertext.
struct SecretContext {
  std::int64_t user_id = 0;
  std::int64_t connection_id = 0;
  SecretField field = SecretField::kAwsSecretAccessKey;
};

// Encrypts `plain` with the keyring's active key version under a fresh random
// nonce; the result is binary (store it as a BLOB). Errors: kInternal when
// OpenSSL fails. Thread-safe.
Result<std::string> SealSecret(const Keyring& keyring, const SecretContext& context, const Secret& plain);

// Decrypts an envelope made by SealSecret for the same context. Errors:
// kTampered for anything that does not authenticate (bad magic, truncated,
// tag mismatch, other user/connection/field), and also when the master key
// version it names is not in the keyring (a forged header can name any
// version), with a message saying that version is missing. Messages name
// the field, never any bytes. Thread-safe.
Result<Secret> OpenSecret(const Keyring& keyring, const SecretContext& context, std::string_view envelope);

// The master key version an envelope was sealed with, read from its header
// without decrypting (to find what needs re-sealing after a rotation).
// Errors: kTampered when the header is malformed.
Result<std::uint32_t> EnvelopeKeyVersion(std::string_view envelope);

}  // namespace flowfile::crypto
