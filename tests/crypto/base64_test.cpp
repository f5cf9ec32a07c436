#include "src/crypto/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace flowfile::crypto {
namespace {

struct Vector {
  std::string bytes;
  std::string base64;
};

// RFC 4648 section 10 test vectors.
const Vector kRfc4648Vectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(Base64Test, EncodesRfc4648Vectors) {
  for (const Vector& vector : kRfc4648Vectors) EXPECT_EQ(EncodeBase64(vector.bytes), vector.base64);
}

TEST(Base64Test, DecodesRfc4648VectorsWithPadding) {
  for (const Vector& vector : kRfc4648Vectors) {
    if (vector.bytes.empty()) continue;
    auto decoded = DecodeBase64Secret(vector.base64);
    ASSERT_TRUE(decoded.has_value()) << vector.base64;
    EXPECT_EQ(decoded->reveal(), vector.bytes);
  }
}

TEST(Base64Test, RoundTripsEveryByteValueAndLength) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
    auto decoded = DecodeBase64Secret(EncodeBase64(bytes));
    ASSERT_TRUE(decoded.has_value()) << i;
    EXPECT_EQ(decoded->reveal(), bytes);
  }
}

TEST(Base64Test, RefusesMalformedText) {
  for (std::string_view text :
       {"", "Zg", "Zg=", "Zm9v\n", " Zm9v", "Zm9-", "Zm_v", "====", "Z===", "Zg==Zg==", "Zm=v"}) {
    EXPECT_FALSE(DecodeBase64Secret(text).has_value()) << text;
  }
}

TEST(Base64Test, UrlAlphabetHasNoPlusSlashOrPadding) {
  EXPECT_EQ(EncodeBase64(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(EncodeBase64Url(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(EncodeBase64Url("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace flowfile::crypto
