#include "src/core/text_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace flowfile::internal {
namespace {

TEST(TextChecksTest, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("d\xC3\xA9j\xC3\xA0"), 4u);  // déjà
  EXPECT_EQ(Utf8Length(""), 0u);
}

TEST(TextChecksTest, RejectsMalformedUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));       // euro sign
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));  // beyond U+10FFFF
}

TEST(TextChecksTest, FindsControlCharacters) {
  EXPECT_FALSE(HasControlCharacter("data lake-1"));
  EXPECT_TRUE(HasControlCharacter("bad\nname"));
  EXPECT_TRUE(HasControlCharacter(std::string_view("nul\0", 4)));
  EXPECT_TRUE(HasControlCharacter("del\x7F"));
}

struct UrlCase {
  const char* url;
  bool valid;
};

class EndpointUrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(EndpointUrlTest, AcceptsOnlyPlainHttpUrls) {
  EXPECT_EQ(CheckEndpointUrl(GetParam().url).ok(), GetParam().valid) << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EndpointUrlTest,
    ::testing::Values(UrlCase{"https://s3.amazonaws.com", true}, UrlCase{"http://127.0.0.1:9000", true},
                      UrlCase{"http://[::1]:9000/", true}, UrlCase{"http://minio_1:9000", true},
                      UrlCase{"https://minio.local/prefix", false}, UrlCase{"https://attacker.example/#", false},
                      UrlCase{"https://host//", false}, UrlCase{"https://host\\@evil.example", false},
                      UrlCase{"https://a..b", false}, UrlCase{"https://-host", false},
                      UrlCase{"https://ho%2Fst", false}, UrlCase{"https://[zz::1]", false},
                      UrlCase{"https://[::1", false}, UrlCase{"s3://bucket", false}, UrlCase{"ftp://host", false},
                      UrlCase{"https://", false}, UrlCase{"https://KEY:SECRET@host", false},
                      UrlCase{"http://host:0", false}, UrlCase{"http://host:70000", false},
                      UrlCase{"http://host:port", false}, UrlCase{"http://host/?x=1", false},
                      UrlCase{"http://ho st", false}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

TEST(TextChecksTest, AzureAccountNamesFollowAzuresGrammar) {
  EXPECT_TRUE(IsAzureAccountName("devstoreaccount1"));
  EXPECT_TRUE(IsAzureAccountName("abc"));
  EXPECT_TRUE(IsAzureAccountName(std::string(24, 'a')));
  EXPECT_FALSE(IsAzureAccountName("ab"));
  EXPECT_FALSE(IsAzureAccountName(std::string(25, 'a')));
  EXPECT_FALSE(IsAzureAccountName("Upper"));
  EXPECT_FALSE(IsAzureAccountName("attacker.example/#"));
  EXPECT_FALSE(IsAzureAccountName("acct.blob.core.windows.net"));
  EXPECT_FALSE(IsAzureAccountName("user@acct"));
  EXPECT_FALSE(IsAzureAccountName("acct?x=1"));
}

}  // namespace
}  // namespace flowfile::internal
