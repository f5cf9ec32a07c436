// API tokens of the server: random bearer strings stored only as digests.
#pragma once

#include <string>
#include <string_view>

#include "flowfile/secret.h"

namespace flowfile::crypto {

// A token shown once to its owner, and the digest the server keeps.
struct NewToken {
  Secret token;        // "ff_" + base64url (no padding) of 32 random bytes: 46 characters
  std::string digest;  // DigestToken(token)
};

// A fresh token from OpenSSL's CSPRNG. The process aborts if the CSPRNG
// fails, since no safe token can be made then.
NewToken GenerateApiToken();

// Lower-case hex SHA-256 of the token text (64 characters). The token has
// 256 random bits, so a fast digest suffices: there is nothing to brute-force.
std::string DigestToken(const Secret& token);

// Constant-time equality of two digests (length is not secret).
bool DigestsEqual(std::string_view a, std::string_view b);

}  // namespace flowfile::crypto
