#include "src/crypto/random.h"

#include <openssl/rand.h>

#include <climits>
#include <cstdlib>

namespace flowfile::crypto {

Status FillRandom(unsigned char* out, std::size_t size) {
  if (size > static_cast<std::size_t>(INT_MAX) || RAND_bytes(out, static_cast<int>(size)) != 1) {
    return Error(ErrorCode::kInternal,
                 "The system's random number generator failed: no key or nonce can be made safely.");
  }
  return Status::Ok();
}

void FillRandomOrAbort(unsigned char* out, std::size_t size) {
  if (!FillRandom(out, size).ok()) std::abort();
}

}  // namespace flowfile::crypto
