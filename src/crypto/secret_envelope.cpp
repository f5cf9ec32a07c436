#include "src/crypto/secret_envelope.h"

#include <openssl/evp.h>

#include <climits>
#include <cstring>
#include <memory>
#include <optional>

#include "src/crypto/random.h"
#include "src/crypto/user_key.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kMagic = "FFSE";
// 1: associated data without the destination; 2: with it.
constexpr unsigned char kFormat1 = 1;
constexpr unsigned char kFormatVersion = 2;
constexpr std::size_t kHeaderSize = 4 + 1 + 4;  // magic, format version, key version
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kOverhead = kHeaderSize + kNonceSize + kTagSize;
// Far above any real credential (a GCS service account key is ~2 KiB), far
// below the int limit of OpenSSL's update calls.
constexpr std::size_t kMaxSecretSize = 16 << 20;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// Fetched once: the implicit fetch behind EVP_aes_256_gcm() would repeat a
// provider lookup on every call. Immutable and safe to share between threads.
const EVP_CIPHER* AesGcm() {
  static EVP_CIPHER* const kAesGcm = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return kAesGcm;
}

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

void AppendBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// The header bytes, the user id, the connection id, the field name and (from
// format 2) the destination: the envelope opens only where it was sealed,
// for where it was sealed. Fixed-width ids and length-prefixed text keep the
// encoding unambiguous.
std::string AssociatedData(std::string_view header, const SecretContext& context, unsigned char format) {
  const std::string_view field = SecretFieldName(context.field);
  std::string data(header);
  AppendBigEndian(data, static_cast<std::uint64_t>(context.user_id), 8);
  AppendBigEndian(data, static_cast<std::uint64_t>(context.connection_id), 8);
  AppendBigEndian(data, field.size(), 1);
  data += field;
  if (format >= 2) {
    AppendBigEndian(data, context.destination.size(), 4);
    data += context.destination;
  }
  return data;
}

// Stands for either format in ReadHeader.
constexpr unsigned char kAnyFormat = 0;

// The key version of a well-formed header of `format`, else nullopt.
std::optional<std::uint32_t> ReadHeader(std::string_view envelope, unsigned char format) {
  if (envelope.size() < kOverhead || envelope.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  const auto found = static_cast<unsigned char>(envelope[kMagic.size()]);
  if (format == kAnyFormat ? (found != kFormat1 && found != kFormatVersion) : found != format) return std::nullopt;
  std::uint32_t version = 0;
  for (std::size_t i = kMagic.size() + 1; i < kHeaderSize; ++i) {
    version = (version << 8) | static_cast<unsigned char>(envelope[i]);
  }
  return version;
}

Error Tampered(const SecretContext& context) {
  return Error(ErrorCode::kTampered, "The stored secret " + std::string(SecretFieldName(context.field)) +
                                         " of this connection failed authentication (tampered, or copied from "
                                         "another connection or user); set it again.");
}

// kTampered too, since a forged header can name any version; the message
// tells the honest case (a key dropped or not configured) how to recover.
Error MissingKeyVersion(const Keyring& keyring, const SecretContext& context, std::uint32_t version) {
  std::string known;
  for (std::uint32_t v : keyring.versions()) known += (known.empty() ? "" : ", ") + std::to_string(v);
  return Error(ErrorCode::kTampered, "The stored secret " + std::string(SecretFieldName(context.field)) +
                                         " of this connection names master key version " +
                                         std::to_string(version) +
                                         ", which is missing (this keyring has versions " + known +
                                         "): restore that key to master.key or FLOWFILE_MASTER_KEY, or set the "
                                         "secret again.");
}

Error CipherFailed() { return Error(ErrorCode::kInternal, "OpenSSL failed to encrypt a secret."); }

Result<std::string> Seal(const Keyring& keyring, const SecretContext& context, const Secret& plain,
                         unsigned char format) {
  if (plain.size() > kMaxSecretSize) {
    return Error(ErrorCode::kInvalidArgument, "The secret " + std::string(SecretFieldName(context.field)) +
                                                  " is larger than 16 MiB and cannot be stored.");
  }
  const std::uint32_t version = keyring.active_version();
  WipingBuffer key(kUserKeySize);
  FLOWFILE_RETURN_IF_ERROR(DeriveUserKey(*keyring.Find(version), context.user_id, key));

  std::string envelope(kMagic);
  envelope += static_cast<char>(format);
  AppendBigEndian(envelope, version, 4);
  envelope.resize(kOverhead + plain.size());
  auto* out = reinterpret_cast<unsigned char*>(envelope.data());
  unsigned char* nonce = out + kHeaderSize;
  unsigned char* ciphertext = nonce + kNonceSize;
  unsigned char* tag = ciphertext + plain.size();
  FLOWFILE_RETURN_IF_ERROR(FillRandom(nonce, kNonceSize));
  const std::string aad = AssociatedData(std::string_view(envelope).substr(0, kHeaderSize), context, format);

  CipherContext cipher(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!cipher || AesGcm() == nullptr ||
      EVP_EncryptInit_ex(cipher.get(), AesGcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(cipher.get(), nullptr, nullptr, key.data(), nonce) != 1 ||
      EVP_EncryptUpdate(cipher.get(), nullptr, &length, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return CipherFailed();
  }
  if (!plain.empty() && (EVP_EncryptUpdate(cipher.get(), ciphertext, &length, Bytes(plain.reveal()),
                                           static_cast<int>(plain.size())) != 1 ||
                         static_cast<std::size_t>(length) != plain.size())) {
    return CipherFailed();
  }
  int final_length = 0;
  if (EVP_EncryptFinal_ex(cipher.get(), ciphertext + plain.size(), &final_length) != 1 || final_length != 0 ||
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag) != 1) {
    return CipherFailed();
  }
  return envelope;
}

Result<Secret> Open(const Keyring& keyring, const SecretContext& context, std::string_view envelope,
                    unsigned char format) {
  const std::optional<std::uint32_t> version = ReadHeader(envelope, format);
  if (!version) return Tampered(context);
  const MasterKey* master = keyring.Find(*version);
  if (master == nullptr) return MissingKeyVersion(keyring, context, *version);
  WipingBuffer key(kUserKeySize);
  FLOWFILE_RETURN_IF_ERROR(DeriveUserKey(*master, context.user_id, key));

  const std::string aad = AssociatedData(envelope.substr(0, kHeaderSize), context, format);
  const unsigned char* nonce = Bytes(envelope) + kHeaderSize;
  const unsigned char* ciphertext = nonce + kNonceSize;
  const std::size_t ciphertext_size = envelope.size() - kOverhead;
  // Copied because OpenSSL's ctrl takes a non-const pointer.
  unsigned char tag[kTagSize];
  std::memcpy(tag, ciphertext + ciphertext_size, kTagSize);
  if (ciphertext_size > kMaxSecretSize) return Tampered(context);

  CipherContext cipher(EVP_CIPHER_CTX_new());
  WipingBuffer plain(ciphertext_size + 1);  // + 1: never a zero-sized buffer
  int length = 0;
  if (!cipher || AesGcm() == nullptr ||
      EVP_DecryptInit_ex(cipher.get(), AesGcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(cipher.get(), nullptr, nullptr, key.data(), nonce) != 1 ||
      EVP_DecryptUpdate(cipher.get(), nullptr, &length, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return Error(ErrorCode::kInternal, "OpenSSL failed to decrypt a secret.");
  }
  if (ciphertext_size > 0 && (EVP_DecryptUpdate(cipher.get(), plain.data(), &length, ciphertext,
                                                static_cast<int>(ciphertext_size)) != 1 ||
                              static_cast<std::size_t>(length) != ciphertext_size)) {
    return Tampered(context);
  }
  int final_length = 0;
  if (EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) != 1 ||
      EVP_DecryptFinal_ex(cipher.get(), plain.data() + ciphertext_size, &final_length) != 1) {
    return Tampered(context);
  }
  return Secret(plain.view(ciphertext_size));
}

}  // namespace

Result<std::string> SealSecret(const Keyring& keyring, const SecretContext& context, const Secret& plain) {
  return Seal(keyring, context, plain, kFormatVersion);
}

Result<Secret> OpenSecret(const Keyring& keyring, const SecretContext& context, std::string_view envelope) {
  return Open(keyring, context, envelope, kFormatVersion);
}

Result<Secret> OpenFormat1Secret(const Keyring& keyring, const SecretContext& context, std::string_view envelope) {
  return Open(keyring, context, envelope, kFormat1);
}

Result<std::string> SealFormat1SecretForTesting(const Keyring& keyring, const SecretContext& context,
                                                const Secret& plain) {
  return Seal(keyring, context, plain, kFormat1);
}

Result<std::uint32_t> EnvelopeKeyVersion(std::string_view envelope) {
  const std::optional<std::uint32_t> version = ReadHeader(envelope, kAnyFormat);
  if (!version) {
    return Error(ErrorCode::kTampered,
                 "A stored secret is not a valid flowfile secret envelope (tampered or truncated); set it again.");
  }
  return *version;
}

}  // namespace flowfile::crypto
