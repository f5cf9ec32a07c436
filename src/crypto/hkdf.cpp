#include "src/crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

namespace flowfile::crypto {
namespace {

struct KdfContextFree {
  void operator()(EVP_KDF_CTX* context) const { EVP_KDF_CTX_free(context); }
};

// Fetched once: the EVP_KDF is immutable and safe to share between threads.
EVP_KDF* Hkdf() {
  static EVP_KDF* const kHkdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr);
  return kHkdf;
}

}  // namespace

Status DeriveHkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info, WipingBuffer& out) {
  const Error failed(ErrorCode::kInternal, "OpenSSL failed to derive a key with HKDF.");
  if (Hkdf() == nullptr || out.size() == 0) return failed;
  std::unique_ptr<EVP_KDF_CTX, KdfContextFree> context(EVP_KDF_CTX_new(Hkdf()));
  if (!context) return failed;
  char digest[] = "SHA256";
  // OSSL_PARAM takes non-const pointers but only reads these buffers.
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(context.get(), out.data(), out.size(), params) != 1) return failed;
  return Status::Ok();
}

}  // namespace flowfile::crypto
