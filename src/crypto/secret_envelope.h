// The at-rest format of one secret field: an authenticated, versioned
// envelope that only opens for the user, connection, field and destination
// it was sealed for.
//
// Layout (all integers big endian):
//   "FFSE" magic (4) | format version 0x02 (1) | master key version (4) |
//   nonce (12) | AES-256-GCM ciphertext (n) | tag (16)
// The key is HKDF-SHA256(master key of that version, salt "flowfile user key
// v1", info = decimal user id). The associated data binds the header bytes,
// the user id, the connection id, the field name and the connection's
// destination (DestinationBinding of connection_rules.h), so a ciphertext
// copied to another user, row or field, or left in a row whose endpoint,
// account or TLS flags were changed, fails to open. Format 0x01 (written
// before the destination was bound) opens only through OpenFormat1Secret,
// for the store's migration.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

// Where a secret lives and where it may be sent; every part is bound into
// the ciphertext.
struct SecretContext {
  std::int64_t user_id = 0;
  std::int64_t connection_id = 0;
  SecretField field = SecretField::kAwsSecretAccessKey;
  // DestinationBinding of the connection; not owned: it must outlive the call.
  std::string_view destination = {};
};

// Encrypts `plain` with the keyring's active key version under a fresh random
// nonce; the result is binary (store it as a BLOB). Errors: kInternal when
// OpenSSL fails. Thread-safe.
Result<std::string> SealSecret(const Keyring& keyring, const SecretContext& context, const Secret& plain);

// Decrypts an envelope made by SealSecret for the same context. Errors:
// kTampered for anything that does not authenticate (bad magic, truncated,
// tag mismatch, other user/connection/field/destination, format 0x01), and
// also when the master key
// version it names is not in the keyring (a forged header can name any
// version), with a message saying that version is missing. Messages name
// the field, never any bytes. Thread-safe.
Result<Secret> OpenSecret(const Keyring& keyring, const SecretContext& context, std::string_view envelope);

// Opens an envelope of format 0x01, bound to user, connection and field
// only (context.destination is ignored): for the migration that re-seals
// them with SealSecret. Errors as OpenSecret; kTampered for any other format.
Result<Secret> OpenFormat1Secret(const Keyring& keyring, const SecretContext& context, std::string_view envelope);

// Seals in format 0x01, as flowfile did before destinations were bound:
// only for tests of that migration.
Result<std::string> SealFormat1SecretForTesting(const Keyring& keyring, const SecretContext& context,
                                                const Secret& plain);

// The master key version an envelope was sealed with, read from its header
// without decrypting (to find what needs re-sealing after a rotation), for
// either format. Errors: kTampered when the header is malformed.
Result<std::uint32_t> EnvelopeKeyVersion(std::string_view envelope);

}  // namespace flowfile::crypto
