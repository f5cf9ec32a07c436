// Per-user keys, derived from a master key so one user's ciphertext cannot
// be opened with another user's key.
#pragma once

#include <cstdint>

#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {

inline constexpr std::size_t kUserKeySize = 32;

// HKDF-SHA256(ikm = master key, salt = "flowfile user key v1", info = the
// decimal user id) into `out` (kUserKeySize bytes). Errors: kInternal when
// OpenSSL fails. Thread-safe.
Status DeriveUserKey(const MasterKey& master, std::int64_t user_id, WipingBuffer& out);

}  // namespace flowfile::crypto
