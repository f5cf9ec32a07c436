// Password hashing for the server's accounts: Argon2id (libargon2).
//
// Parameters: m = 19 MiB, t = 2, p = 1, the first of OWASP's equivalent
// Argon2id settings. We take the low-memory one because a server verifies
// several logins at once and 64 MiB each would let a burst of logins exhaust
// memory; at 19 MiB one hash still costs tens of milliseconds and 19 MiB of
// RAM per guess for an attacker. The encoded string records the parameters,
// so they can be raised later without breaking existing hashes.
//
// Both calls are deliberately slow (tens of milliseconds): call them on a
// worker thread, never on a request-serving event thread.
#pragma once

#include <string>
#include <string_view>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

// The PHC-encoded Argon2id hash ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>")
// of `password` under a fresh random 16-byte salt. Errors: kInvalidArgument
// for an empty password; kInternal when libargon2 fails.
Result<std::string> HashPassword(const Secret& password);

// True when `password` matches `encoded_hash` (made by HashPassword). False
// for a wrong password and for a malformed or non-Argon2id hash. The
// comparison inside libargon2 is constant-time.
bool VerifyPassword(const Secret& password, std::string_view encoded_hash);

}  // namespace flowfile::crypto
