#include "src/crypto/token.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "src/crypto/base64.h"
#include "src/crypto/hex.h"
#include "src/crypto/random.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kTokenPrefix = "ff_";
constexpr std::size_t kTokenRandomBytes = 32;

}  // namespace

NewToken GenerateApiToken() {
  WipingBuffer random(kTokenRandomBytes);
  FillRandomOrAbort(random.data(), random.size());
  std::string encoded = EncodeBase64Url(random.view(random.size()));
  std::string text;
  text.reserve(kTokenPrefix.size() + encoded.size());  // no reallocation, so no stray copy
  text += kTokenPrefix;
  text += encoded;
  NewToken token{Secret(text), {}};
  OPENSSL_cleanse(encoded.data(), encoded.size());
  OPENSSL_cleanse(text.data(), text.size());
  token.digest = DigestToken(token.token);
  return token;
}

std::string DigestToken(const Secret& token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const std::string_view text = token.reveal();
  // SHA-256 only fails on allocation failure, which we treat like new does.
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) std::abort();
  return EncodeHex(digest, size);
}

bool DigestsEqual(std::string_view a, std::string_view b) { return ConstantTimeEquals(a, b); }

}  // namespace flowfile::crypto
