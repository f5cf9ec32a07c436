#include "flowfile/keyring.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "src/crypto/hex.h"
#include "src/crypto/key_file.h"
#include "src/crypto/master_key_text.h"

namespace flowfile {
namespace {

constexpr std::string_view kFingerprintLabel = "flowfile master key check v1";

}  // namespace

Result<std::shared_ptr<const Keyring>> Keyring::Load(const std::filesystem::path& data_directory) {
  // The variable wins even when empty: an empty value is an operator's
  // mistake to report, not a reason to silently fall back to a key file.
  if (const char* value = std::getenv(std::string(crypto::kMasterKeyVariable).c_str()); value != nullptr) {
    FLOWFILE_ASSIGN_OR_RETURN(std::vector<MasterKey> keys, crypto::ParseMasterKeyVariable(value));
    return Create(std::move(keys), /*from_environment=*/true);
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<MasterKey> keys, crypto::ReadOrCreateKeyFile(data_directory));
  return Create(std::move(keys), /*from_environment=*/false);
}

Result<std::shared_ptr<const Keyring>> Keyring::FromKeys(std::vector<MasterKey> keys) {
  return Create(std::move(keys), /*from_environment=*/false);
}

Result<std::shared_ptr<const Keyring>> Keyring::Create(std::vector<MasterKey> keys, bool from_environment) {
  if (keys.empty()) return Error(ErrorCode::kInvalidArgument, "A keyring needs at least one master key.");
  std::sort(keys.begin(), keys.end(),
            [](const MasterKey& a, const MasterKey& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string version = std::to_string(keys[i].version);
    if (keys[i].version == 0) {
      return Error(ErrorCode::kInvalidArgument, "Master key versions start at 1; version 0 is not allowed.");
    }
    if (i > 0 && keys[i].version == keys[i - 1].version) {
      return Error(ErrorCode::kInvalidArgument, "Master key version " + version + " is given twice.");
    }
    if (keys[i].bytes.size() != kMasterKeySize) {
      return Error(ErrorCode::kInvalidArgument, "Master key version " + version + " must be exactly " +
                                                    std::to_string(kMasterKeySize) + " bytes long.");
    }
  }
  return std::shared_ptr<const Keyring>(new Keyring(std::move(keys), from_environment));
}

std::uint32_t Keyring::active_version() const { return keys_.back().version; }

std::vector<std::uint32_t> Keyring::versions() const {
  std::vector<std::uint32_t> result;
  result.reserve(keys_.size());
  for (const MasterKey& key : keys_) result.push_back(key.version);
  return result;
}

const MasterKey* Keyring::Find(std::uint32_t version) const {
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), version,
                                   [](const MasterKey& key, std::uint32_t v) { return key.version < v; });
  return it != keys_.end() && it->version == version ? &*it : nullptr;
}

Result<std::string> Keyring::Fingerprint(std::uint32_t version) const {
  const MasterKey* key = Find(version);
  if (key == nullptr) {
    return Error(ErrorCode::kNotFound,
                 "Master key version " + std::to_string(version) + " is not in the keyring.");
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  const std::string_view bytes = key->bytes.reveal();
  if (HMAC(EVP_sha256(), bytes.data(), static_cast<int>(bytes.size()),
           reinterpret_cast<const unsigned char*>(kFingerprintLabel.data()), kFingerprintLabel.size(), mac,
           &mac_size) == nullptr) {
    return Error(ErrorCode::kInternal, "OpenSSL failed to compute the master key fingerprint.");
  }
  return crypto::EncodeHex(mac, mac_size);
}

}  // namespace flowfile
