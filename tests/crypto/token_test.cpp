#include "src/crypto/token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace flowfile::crypto {
namespace {

bool IsBase64UrlCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

TEST(TokenTest, GeneratesPrefixedUrlSafeTokensWithTheirDigest) {
  const NewToken token = GenerateApiToken();
  const std::string_view text = token.token.reveal();
  ASSERT_EQ(text.size(), 46u);
  EXPECT_EQ(text.substr(0, 3), "ff_");
  for (char c : text.substr(3)) EXPECT_TRUE(IsBase64UrlCharacter(c)) << c;
  EXPECT_EQ(token.digest, DigestToken(token.token));
  EXPECT_EQ(token.digest.size(), 64u);
  EXPECT_EQ(token.digest.find(text.substr(3)), std::string::npos);
}

TEST(TokenTest, GeneratedTokensAreUnique) {
  std::set<std::string> digests;
  for (int i = 0; i < 1000; ++i) digests.insert(GenerateApiToken().digest);
  EXPECT_EQ(digests.size(), 1000u);
}

TEST(TokenTest, DigestIsLowerCaseHexSha256) {
  // Computed independently: hashlib.sha256(b"ff_test").hexdigest().
  EXPECT_EQ(DigestToken(Secret("ff_test")), "abc8cf7a51c8f32b7ad476bb2462b18107abf46bab6a87537267aa5006de9eb0");
}

TEST(TokenTest, DigestsEqualComparesWholeDigests) {
  const std::string digest = DigestToken(Secret("ff_test"));
  EXPECT_TRUE(DigestsEqual(digest, digest));
  EXPECT_FALSE(DigestsEqual(digest, DigestToken(Secret("ff_tesT"))));
  EXPECT_FALSE(DigestsEqual(digest, digest.substr(0, 63)));
  EXPECT_FALSE(DigestsEqual(digest, ""));
  EXPECT_TRUE(DigestsEqual("", ""));
}

}  // namespace
}  // namespace flowfile::crypto
