// Random bytes from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>

#include "flowfile/result.h"

namespace flowfile::crypto {

// Fills `out` with `size` random bytes. Errors: kInternal when the CSPRNG
// fails (no entropy); the bytes must not be used then.
Status FillRandom(unsigned char* out, std::size_t size);

// For callers that cannot report an error (token and key generation): aborts
// the process when the CSPRNG fails, since continuing would hand out
// predictable keys.
void FillRandomOrAbort(unsigned char* out, std::size_t size);

}  // namespace flowfile::crypto
