#include "src/crypto/master_key_text.h"

#include <openssl/crypto.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "src/crypto/base64.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view Trim(std::string_view text) {
  const auto begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(kWhitespace);
  return text.substr(begin, end - begin + 1);
}

// A decimal version from 1 to 2^32-1, digits only.
std::optional<std::uint32_t> ParseVersion(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value == 0 || value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<Secret> ParseKey(std::string_view base64) {
  std::optional<Secret> key = DecodeBase64Secret(base64);
  if (!key || key->size() != kMasterKeySize) return std::nullopt;
  return key;
}

Error VariableError(std::size_t item, std::string_view problem) {
  return Error(ErrorCode::kInvalidArgument,
               std::string(kMasterKeyVariable) + " is not valid (item " + std::to_string(item) + ": " +
                   std::string(problem) +
                   "). Expected \"<base64 of 32 bytes>\" or \"<version>:<base64>,<version>:<base64>,...\"; "
                   "make a key with `openssl rand -base64 32`.");
}

}  // namespace

Result<std::vector<MasterKey>> ParseMasterKeyVariable(std::string_view value) {
  value = Trim(value);
  if (value.empty()) return VariableError(1, "the variable is set but empty");
  std::vector<MasterKey> keys;
  if (value.find(':') == std::string_view::npos) {
    std::optional<Secret> key = ParseKey(value);
    if (!key) return VariableError(1, "not base64 of exactly 32 bytes");
    keys.push_back(MasterKey{1, std::move(*key)});
    return keys;
  }
  std::set<std::uint32_t> seen;
  std::size_t item = 0;
  while (!value.empty()) {
    ++item;
    const auto comma = value.find(',');
    const std::string_view entry = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const auto colon = entry.find(':');
    if (colon == std::string_view::npos) return VariableError(item, "missing \"<version>:\"");
    const std::optional<std::uint32_t> version = ParseVersion(Trim(entry.substr(0, colon)));
    if (!version) return VariableError(item, "the version is not a number from 1 to 4294967295");
    if (!seen.insert(*version).second) return VariableError(item, "repeats the version of an earlier item");
    std::optional<Secret> key = ParseKey(Trim(entry.substr(colon + 1)));
    if (!key) return VariableError(item, "the key is not base64 of exactly 32 bytes");
    keys.push_back(MasterKey{*version, std::move(*key)});
    if (comma != std::string_view::npos && value.empty())
      return VariableError(item + 1, "empty item after a comma");
  }
  return keys;
}

Result<std::vector<MasterKey>> ParseKeyFile(std::string_view text, const std::filesystem::path& path) {
  std::vector<MasterKey> keys;
  std::set<std::uint32_t> seen;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    const std::string_view line = Trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;

    const auto fail = [&](std::string_view problem) {
      return Error(ErrorCode::kInvalidArgument, "The master key file " + path.string() + " is malformed at line " +
                                                    std::to_string(line_number) + ": " + std::string(problem) +
                                                    ". Each line must be \"<version> <base64 of 32 bytes>\".");
    };
    const auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) return fail("expected a version and a key separated by a space");
    const std::optional<std::uint32_t> version = ParseVersion(line.substr(0, space));
    if (!version) return fail("the version is not a number from 1 to 4294967295");
    if (!seen.insert(*version).second) return fail("the version appears on an earlier line too");
    std::optional<Secret> key = ParseKey(Trim(line.substr(space)));
    if (!key) return fail("the key is not base64 of exactly 32 bytes");
    keys.push_back(MasterKey{*version, std::move(*key)});
  }
  if (keys.empty()) {
    return Error(
        ErrorCode::kInvalidArgument,
        "The master key file " + path.string() +
            " holds no key. Each line must be \"<version> <base64 of 32 bytes>\"; restore the file from a "
            "backup, or remove it to start over if nothing was stored yet.");
  }
  return keys;
}

Secret FormatKeyFile(const std::vector<MasterKey>& keys) {
  std::string text;
  // Reserved up front so the text is never reallocated, which would leave
  // an unwiped copy of key material behind.
  text.reserve(keys.size() * (12 + 4 * ((kMasterKeySize + 2) / 3)));
  for (const MasterKey& key : keys) {
    std::string encoded = EncodeBase64(key.bytes.reveal());
    text += std::to_string(key.version);
    text += ' ';
    text += encoded;
    text += '\n';
    OPENSSL_cleanse(encoded.data(), encoded.size());
  }
  Secret result(text);
  OPENSSL_cleanse(text.data(), text.size());
  return result;
}

}  // namespace flowfile::crypto
