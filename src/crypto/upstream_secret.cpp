#include "src/crypto/upstream_secret.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "src/crypto/fernet.h"
#include "src/crypto/hkdf.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kPrefix = "$ffsec$1$";
constexpr std::string_view kSalt = "flowfile-secrets-v1";

std::string_view Trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

Error BadFormat() {
  return Error(ErrorCode::kInvalidArgument,
               "An upstream secret is neither \"$ffsec$1$<user id>$<token>\" nor a bare Fernet token.");
}

// Upstream's derive_user_key: the key is derived from the master key's text
// as Python encodes it (ASCII), not from the 32 bytes the text stands for.
Result<Secret> UserFernetKey(std::string_view master_key_text, std::int64_t user_id) {
  WipingBuffer derived(kFernetKeySize);
  FLOWFILE_RETURN_IF_ERROR(DeriveHkdfSha256(master_key_text, kSalt, "user-" + std::to_string(user_id), derived));
  return Secret(derived.view(derived.size()));
}

}  // namespace

Result<Secret> OpenUpstreamSecret(const Secret& master_key, std::string_view encrypted_value) {
  const std::string_view master_text = Trim(master_key.reveal());
  // Checked first even when only the derived key is used: upstream refuses a
  // master key that is not a Fernet key, and so do we.
  FLOWFILE_ASSIGN_OR_RETURN(Secret master_fernet_key, ParseFernetKey(master_text));
  if (encrypted_value.substr(0, kPrefix.size()) != kPrefix)
    return OpenFernetToken(master_fernet_key, encrypted_value);

  const std::string_view rest = encrypted_value.substr(kPrefix.size());
  const std::size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos || dollar == 0) return BadFormat();
  std::int64_t user_id = 0;
  const std::string_view digits = rest.substr(0, dollar);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), user_id);
  if (error != std::errc() || end != digits.data() + digits.size()) return BadFormat();
  FLOWFILE_ASSIGN_OR_RETURN(Secret user_key, UserFernetKey(master_text, user_id));
  return OpenFernetToken(user_key, rest.substr(dollar + 1));
}

}  // namespace flowfile::crypto
