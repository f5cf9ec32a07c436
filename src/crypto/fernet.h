// Fernet (github.com/fernet/spec), read-only: verifying and opening tokens
// made by Python's `cryptography` package, as an upstream Flowfile
// installation stores its secrets. We never make Fernet tokens: our own
// secrets are sealed with secret_envelope.h.
#pragma once

#include <string_view>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

// A Fernet key: 16 bytes that sign, 16 bytes that encrypt.
inline constexpr std::size_t kFernetKeySize = 32;

// The raw key of a Fernet key text (url-safe base64 of 32 bytes, 44
// characters with its '=' padding; surrounding whitespace is ignored, as a
// key file may end with a newline). Error: kInvalidArgument, which never
// quotes the text.
Result<Secret> ParseFernetKey(std::string_view text);

// The plaintext of a Fernet token under `key` (kFernetKeySize raw bytes).
// The HMAC-SHA256 is checked, in constant time, before anything is
// decrypted; the token's timestamp is not checked (no TTL), as upstream
// Flowfile does not check it either. Errors: kAccessDenied when the HMAC
// does not match (a wrong key, or a changed token); kInvalidArgument when
// the token is not a Fernet token at all. Messages never quote the token.
Result<Secret> OpenFernetToken(const Secret& key, std::string_view token);

}  // namespace flowfile::crypto
