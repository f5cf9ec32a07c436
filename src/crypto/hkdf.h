// HKDF-SHA256 (RFC 5869) over OpenSSL 3's EVP_KDF, for key derivations whose
// salt and info are fixed by someone else's format (e.g. an upstream
// Flowfile installation's per-user keys).
#pragma once

#include <string_view>

#include "flowfile/result.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {

// Fills `out` (its whole size, 1..8160 bytes) with HKDF-SHA256 of `ikm`
// under `salt` and `info`. Errors: kInternal when OpenSSL fails. Thread-safe.
Status DeriveHkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info, WipingBuffer& out);

}  // namespace flowfile::crypto
