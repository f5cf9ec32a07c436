// Reads a SAS token's text; the only place in the core that reads a secret
// value (validation needs its grammar), and it never copies it into a message.
#include "flowfile/sas_token.h"

#include "flowfile/connection.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace flowfile {
namespace {

Error NotASasToken(std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "azure_sas_token is not a SAS token (" + std::string(why) +
                   "): give the query string Azure shows, e.g. sv=...&ss=...&sp=...&se=...&sig=..., with or "
                   "without the leading '?'.");
}

bool IsNameCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Characters a query value may hold unencoded, minus the separators '&' and
// '#' (RFC 3986 query characters).
bool IsValueCharacter(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("-._~!$'()*+,;=:@/?%").find(c) != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::vector<SasParameter>> ParseSasToken(const Secret& token) {
  std::string_view text = token.reveal();
  if (!text.empty() && text.front() == '?') text.remove_prefix(1);
  if (text.empty()) return NotASasToken("it is empty");
  std::vector<SasParameter> parameters;
  bool has_signature = false;
  while (true) {
    const std::size_t end = text.find('&');
    const std::string_view pair = text.substr(0, end);
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || equals == 0) return NotASasToken("expected name=value pairs");
    const std::string_view name = pair.substr(0, equals);
    const std::string_view value = pair.substr(equals + 1);
    for (char c : name) {
      if (!IsNameCharacter(c))
        return NotASasToken("a parameter name holds a character other than a-z, 0-9, _ or -");
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!IsValueCharacter(value[i])) {
        return NotASasToken("a value holds a space, '#' or another character that is not allowed in a URL query");
      }
      if (value[i] == '%' && (i + 2 >= value.size() || HexValue(value[i + 1]) < 0 || HexValue(value[i + 2]) < 0)) {
        return NotASasToken("a '%' is not followed by two hex digits");
      }
    }
    if (name == "sig" && !value.empty()) has_signature = true;
    parameters.push_back({std::string(name), Secret(value)});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  if (!has_signature) return NotASasToken("it has no sig= signature");
  return parameters;
}

Result<Secret> NormalizeSasToken(const Secret& token) {
  FLOWFILE_RETURN_IF_ERROR(ParseSasToken(token).status());
  std::string_view text = token.reveal();
  if (text.front() == '?') text.remove_prefix(1);
  return Secret(text);
}

Secret CanonicalSecretValue(SecretField field, const Secret& value) {
  if (field != SecretField::kAzureSasToken) return value;
  Result<Secret> normalized = NormalizeSasToken(value);
  return normalized.ok() ? *std::move(normalized) : value;
}

Secret UrlDecodeSecret(const Secret& value) {
  const std::string_view text = value.reveal();
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  Secret result(decoded);
  std::fill(decoded.begin(), decoded.end(), '\0');
  return result;
}

}  // namespace flowfile
