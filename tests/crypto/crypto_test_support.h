// Shared pieces of the crypto tests: fixed keys and a scoped environment
// variable.
#pragma once

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/keyring.h"

namespace flowfile::crypto_testing {

// A master key of 32 copies of `fill`, e.g. 'a'.
inline MasterKey FixedKey(std::uint32_t version, char fill) {
  return MasterKey{version, Secret(std::string(kMasterKeySize, fill))};
}

// A keyring of FixedKey(version, fill) pairs; fails the test when invalid.
inline std::shared_ptr<const Keyring> FixedKeyring(std::vector<std::pair<std::uint32_t, char>> keys) {
  std::vector<MasterKey> master_keys;
  for (const auto& [version, fill] : keys) master_keys.push_back(FixedKey(version, fill));
  auto keyring = Keyring::FromKeys(std::move(master_keys));
  return keyring.ok() ? *keyring : nullptr;
}

// Sets (or unsets, for nullopt) an environment variable for one scope and
// restores the previous state afterwards.
class ScopedEnvironmentVariable {
 public:
  ScopedEnvironmentVariable(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str()); old != nullptr) previous_ = old;
    if (value) {
      setenv(name_.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ~ScopedEnvironmentVariable() {
    if (previous_) {
      setenv(name_.c_str(), previous_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnvironmentVariable(const ScopedEnvironmentVariable&) = delete;
  ScopedEnvironmentVariable& operator=(const ScopedEnvironmentVariable&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

// Base64 of FixedKey(_, 'a') and FixedKey(_, 'b').
inline constexpr const char* kKeyABase64 = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
inline constexpr const char* kKeyBBase64 = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";

}  // namespace flowfile::crypto_testing
