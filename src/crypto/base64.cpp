#include "src/crypto/base64.h"

#include <openssl/evp.h>

#include <algorithm>

#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

bool IsBase64Character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  if (bytes.empty()) return text;
  // EVP_EncodeBlock writes a trailing NUL, which std::string's buffer has room for.
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(written));
  return text;
}

std::string EncodeBase64Url(std::string_view bytes) {
  std::string text = EncodeBase64(bytes);
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::optional<Secret> DecodeBase64Secret(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    if (!IsBase64Character(text[i])) return std::nullopt;
  }
  // EVP_DecodeBlock decodes padding as zero bytes and reports 3 bytes per
  // group; the padding count tells how many of them are real.
  WipingBuffer decoded(text.size() / 4 * 3);
  const int length = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                     static_cast<int>(text.size()));
  if (length < 0 || static_cast<std::size_t>(length) != decoded.size()) return std::nullopt;
  return Secret(decoded.view(decoded.size() - padding));
}

std::optional<Secret> DecodeBase64UrlSecret(std::string_view text) {
  // Translated in a wiped copy, since the text may be a key.
  WipingBuffer standard(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    standard.data()[i] = static_cast<unsigned char>(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  return DecodeBase64Secret(standard.view(standard.size()));
}

}  // namespace flowfile::crypto
