#include "src/crypto/fernet.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <optional>

#include "flowfile/secret.h"
#include "src/crypto/base64.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

// Token layout: version (1) | timestamp (8) | IV (16) | ciphertext | HMAC (32).
constexpr unsigned char kVersion = 0x80;
constexpr std::size_t kHeaderSize = 1 + 8 + 16;
constexpr std::size_t kHmacSize = 32;
constexpr std::size_t kBlockSize = 16;
constexpr std::size_t kHalfKey = kFernetKeySize / 2;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};

Error NotAToken() {
  return Error(ErrorCode::kInvalidArgument,
               "The value is not a Fernet token (url-safe base64 of version 0x80, timestamp, IV, "
               "ciphertext and HMAC).");
}

std::string_view Trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

const unsigned char* Bytes(std::string_view view) { return reinterpret_cast<const unsigned char*>(view.data()); }

}  // namespace

Result<Secret> ParseFernetKey(std::string_view text) {
  std::optional<Secret> key = DecodeBase64UrlSecret(Trim(text));
  if (!key || key->size() != kFernetKeySize) {
    return Error(ErrorCode::kInvalidArgument,
                 "The value is not a Fernet key: expected url-safe base64 of 32 bytes (44 characters).");
  }
  return std::move(*key);
}

Result<Secret> OpenFernetToken(const Secret& key, std::string_view token) {
  if (key.size() != kFernetKeySize) return Error(ErrorCode::kInternal, "A Fernet key must be 32 bytes.");
  // The token is ciphertext, not a secret, but its decoded form is wiped with
  // the rest as a matter of course.
  std::optional<Secret> decoded = DecodeBase64UrlSecret(Trim(token));
  if (!decoded) return NotAToken();
  const std::string_view data = decoded->reveal();
  if (data.size() < kHeaderSize + kBlockSize + kHmacSize ||
      (data.size() - kHeaderSize - kHmacSize) % kBlockSize != 0 ||
      static_cast<unsigned char>(data[0]) != kVersion) {
    return NotAToken();
  }
  const std::string_view signing_key = key.reveal().substr(0, kHalfKey);
  const std::string_view encryption_key = key.reveal().substr(kHalfKey);
  const std::string_view signed_part = data.substr(0, data.size() - kHmacSize);
  const std::string_view mac = data.substr(data.size() - kHmacSize);

  unsigned char expected[kHmacSize];
  unsigned int expected_size = 0;
  if (HMAC(EVP_sha256(), signing_key.data(), static_cast<int>(signing_key.size()), Bytes(signed_part),
           signed_part.size(), expected, &expected_size) == nullptr ||
      expected_size != kHmacSize) {
    return Error(ErrorCode::kInternal, "OpenSSL failed to compute a Fernet HMAC.");
  }
  if (!ConstantTimeEquals(std::string_view(reinterpret_cast<const char*>(expected), kHmacSize), mac)) {
    return Error(
        ErrorCode::kAccessDenied,
        "The Fernet token does not authenticate with this key: the key is wrong or the token was changed.");
  }

  const std::string_view iv = data.substr(1 + 8, kBlockSize);
  const std::string_view ciphertext = data.substr(kHeaderSize, data.size() - kHeaderSize - kHmacSize);
  std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> context(EVP_CIPHER_CTX_new());
  WipingBuffer plain(ciphertext.size() + kBlockSize);
  int written = 0;
  int last = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_128_cbc(), nullptr, Bytes(encryption_key), Bytes(iv)) != 1 ||
      EVP_DecryptUpdate(context.get(), plain.data(), &written, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1) {
    return Error(ErrorCode::kInternal, "OpenSSL failed to decrypt a Fernet token.");
  }
  // An authenticated token with bad PKCS#7 padding was made with the right
  // signing key but a broken encoder: not a token we can read.
  if (EVP_DecryptFinal_ex(context.get(), plain.data() + written, &last) != 1) return NotAToken();
  return Secret(plain.view(static_cast<std::size_t>(written) + static_cast<std::size_t>(last)));
}

}  // namespace flowfile::crypto
