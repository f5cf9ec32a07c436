// Rotation of the master key file <data directory>/master.key.
//
// The file holds one line per key version, "<version> <base64 of 32 bytes>".
// Every rewrite is atomic: a 0600 temporary file in the same directory is
// written, fsynced and renamed over the old one, then the directory is
// fsynced, so a crash leaves either the old or the new file, never a mix.
// Rotations hold an exclusive flock on the data directory, so two processes
// rotating at once take turns instead of losing a version.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "flowfile/keyring.h"
#include "flowfile/result.h"

namespace flowfile::crypto {

// <data_directory>/master.key.
std::filesystem::path MasterKeyFilePath(const std::filesystem::path& data_directory);

// The keys of the key file, creating it with one random key (version 1,
// mode 0600) when it does not exist. Used by Keyring::Load. Errors:
// kAccessDenied when group or others have any permission on the file (with
// the chmod hint); kInvalidArgument for a malformed file (names the line);
// kUnavailable when it cannot be read or created.
Result<std::vector<MasterKey>> ReadOrCreateKeyFile(const std::filesystem::path& data_directory);

// Appends a fresh random key as version (active + 1) to the key file and
// returns the reloaded keyring. Errors: kInvalidArgument when the keys come
// from FLOWFILE_MASTER_KEY (add "N:<base64>" to the variable instead); the
// errors of Keyring::Load; kUnavailable when the file cannot be written.
Result<std::shared_ptr<const Keyring>> AddMasterKeyVersion(const std::filesystem::path& data_directory);

// Rewrites the key file keeping only version `keep` (after every secret was
// re-sealed with it). Errors: kInvalidArgument for keys from the environment;
// kNotFound when version `keep` is not in the file; kUnavailable on I/O
// failure.
Status DropMasterKeyVersionsExcept(const std::filesystem::path& data_directory, std::uint32_t keep);

// A new random master key, base64 of 32 bytes (a value for
// FLOWFILE_MASTER_KEY). The caller shows it once to the user.
std::string GenerateMasterKeyBase64();

}  // namespace flowfile::crypto
