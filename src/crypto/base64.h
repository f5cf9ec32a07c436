// Base64 (RFC 4648) for keys and tokens, over OpenSSL's EVP_EncodeBlock and
// EVP_DecodeBlock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flowfile/secret.h"

namespace flowfile::crypto {

// Standard alphabet with '=' padding.
std::string EncodeBase64(std::string_view bytes);

// URL-safe alphabet ('-', '_'), no padding.
std::string EncodeBase64Url(std::string_view bytes);

// Decodes standard, padded base64 strictly: no whitespace, length a multiple
// of 4, '=' only at the end. nullopt for anything else. The decoded bytes
// live only in the returned Secret (intermediate buffers are wiped).
std::optional<Secret> DecodeBase64Secret(std::string_view text);

// Decodes url-safe ('-', '_'), padded base64 with the same strictness, as
// Python's base64.urlsafe_b64encode writes it (Fernet keys and tokens).
// '+' and '/' are read as in the standard alphabet, as Python's
// urlsafe_b64decode reads them (a hand-typed key may hold them).
std::optional<Secret> DecodeBase64UrlSecret(std::string_view text);

}  // namespace flowfile::crypto
