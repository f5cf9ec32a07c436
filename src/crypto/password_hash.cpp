#include "src/crypto/password_hash.h"

#include <argon2.h>

#include <cstdint>
#include <cstring>

#include "src/crypto/random.h"

namespace flowfile::crypto {
namespace {

constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKib = 19 * 1024;
constexpr std::uint32_t kParallelism = 1;
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kHashSize = 32;
constexpr std::string_view kArgon2idPrefix = "$argon2id$";

}  // namespace

Result<std::string> HashPassword(const Secret& password) {
  if (password.empty()) return Error(ErrorCode::kInvalidArgument, "The password must not be empty.");
  unsigned char salt[kSaltSize];
  FLOWFILE_RETURN_IF_ERROR(FillRandom(salt, sizeof salt));
  std::string encoded(argon2_encodedlen(kTimeCost, kMemoryKib, kParallelism, kSaltSize, kHashSize, Argon2_id),
                      '\0');
  const std::string_view plain = password.reveal();
  const int rc = argon2id_hash_encoded(kTimeCost, kMemoryKib, kParallelism, plain.data(), plain.size(), salt,
                                       sizeof salt, kHashSize, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Error(ErrorCode::kInternal, std::string("Password hashing failed: ") + argon2_error_message(rc) + ".");
  }
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

bool VerifyPassword(const Secret& password, std::string_view encoded_hash) {
  // HashPassword refuses empty passwords, so none can match; and only our
  // own kind of hash is accepted, never a weaker Argon2 variant.
  if (password.empty() || encoded_hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) return false;
  const std::string terminated(encoded_hash);  // libargon2 wants a C string
  const std::string_view plain = password.reveal();
  return argon2id_verify(terminated.c_str(), plain.data(), plain.size()) == ARGON2_OK;
}

}  // namespace flowfile::crypto
