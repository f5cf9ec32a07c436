// The two text forms of master keys: the FLOWFILE_MASTER_KEY variable and
// the lines of the key file. Parsing only; no I/O. Errors never quote the
// text, which is key material.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "flowfile/keyring.h"
#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::crypto {

inline constexpr std::string_view kMasterKeyVariable = "FLOWFILE_MASTER_KEY";

// "<base64 of 32 bytes>" (version 1) or "<version>:<base64>,<version>:<base64>,...".
// Surrounding whitespace is ignored. Errors: kInvalidArgument saying the
// expected format and which item is wrong.
Result<std::vector<MasterKey>> ParseMasterKeyVariable(std::string_view value);

// Lines "<version> <base64 of 32 bytes>"; empty lines and lines starting
// with '#' are skipped. Errors: kInvalidArgument naming `path` and the line.
Result<std::vector<MasterKey>> ParseKeyFile(std::string_view text, const std::filesystem::path& path);

// The key file text of `keys`, one line per key in the given order.
Secret FormatKeyFile(const std::vector<MasterKey>& keys);

}  // namespace flowfile::crypto
