// Master keys that protect stored secrets.
//
// A Keyring holds one or more versions of the 256-bit master key. New
// secrets are sealed with the newest (active) version; older versions stay
// only to open what was sealed before a rotation. Per-user keys are derived
// from a master key with HKDF-SHA256, so a ciphertext of one user cannot be
// opened with another's key. Immutable after construction: safe to share
// between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile {

inline constexpr std::size_t kMasterKeySize = 32;

struct MasterKey {
  std::uint32_t version = 1;
  Secret bytes;  // exactly kMasterKeySize bytes
};

class Keyring {
 public:
  // Loads the master keys: from FLOWFILE_MASTER_KEY when set ("<base64>" for
  // version 1, or "<version>:<base64>,<version>:<base64>,..."), else from
  // <data_directory>/master.key, which is created (mode 0600) with one random
  // key on first use. A key file that group or others may read is refused
  // with kAccessDenied, saying to run chmod 600. A malformed variable (even
  // an empty one: it never falls back to the file) or key file is
  // kInvalidArgument, naming the variable or the file and line, never the
  // key text; kUnavailable when the file cannot be read or created.
  static Result<std::shared_ptr<const Keyring>> Load(const std::filesystem::path& data_directory);

  // A keyring of the given keys (tests, embedders). Errors: kInvalidArgument
  // for no keys, version 0, a duplicate version or a key of the wrong size.
  static Result<std::shared_ptr<const Keyring>> FromKeys(std::vector<MasterKey> keys);

  std::uint32_t active_version() const;
  std::vector<std::uint32_t> versions() const;
  // The key of one version, or nullptr.
  const MasterKey* Find(std::uint32_t version) const;

  // A check value of one key version (HMAC-SHA256 over a fixed label), as
  // 64 lower-case hex characters: the store keeps it to tell at start-up
  // whether it is opened with the right key. Reveals nothing about the key.
  // Errors: kNotFound for a version not in the keyring.
  Result<std::string> Fingerprint(std::uint32_t version) const;

  // True when the keys came from FLOWFILE_MASTER_KEY rather than a key file.
  bool from_environment() const { return from_environment_; }

 private:
  Keyring(std::vector<MasterKey> keys, bool from_environment)
      : keys_(std::move(keys)), from_environment_(from_environment) {}
  // Validates and sorts `keys` (the checks of FromKeys).
  static Result<std::shared_ptr<const Keyring>> Create(std::vector<MasterKey> keys, bool from_environment);

  std::vector<MasterKey> keys_;  // sorted by version, ascending
  bool from_environment_ = false;
};

}  // namespace flowfile
