#include "src/crypto/user_key.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <string>
#include <string_view>

namespace flowfile::crypto {
namespace {

constexpr std::string_view kSalt = "flowfile user key v1";

struct KdfContextFree {
  void operator()(EVP_KDF_CTX* context) const { EVP_KDF_CTX_free(context); }
};

// Fetched once: a provider lookup per derivation would cost more than the
// derivation. The EVP_KDF is immutable and safe to share between threads.
EVP_KDF* Hkdf() {
  static EVP_KDF* const kHkdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr);
  return kHkdf;
}

}  // namespace

Status DeriveUserKey(const MasterKey& master, std::int64_t user_id, WipingBuffer& out) {
  const Error failed(ErrorCode::kInternal, "OpenSSL failed to derive a user key.");
  if (Hkdf() == nullptr || out.size() != kUserKeySize) return failed;
  std::unique_ptr<EVP_KDF_CTX, KdfContextFree> context(EVP_KDF_CTX_new(Hkdf()));
  if (!context) return failed;

  std::string info = std::to_string(user_id);
  std::string_view key = master.bytes.reveal();
  char digest[] = "SHA256";
  // OSSL_PARAM takes non-const pointers but only reads these buffers.
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(key.data()), key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kSalt.data()), kSalt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(context.get(), out.data(), out.size(), params) != 1) return failed;
  return Status::Ok();
}

}  // namespace flowfile::crypto
