#include "src/crypto/password_hash.h"

#include <gtest/gtest.h>

#include <string>

namespace flowfile::crypto {
namespace {

constexpr std::string_view kPassword = "CANARY-correct horse battery staple";

// Argon2 is slow on purpose, so the hashes are made once for the suite.
class PasswordHashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto first = HashPassword(Secret(kPassword));
    auto second = HashPassword(Secret(kPassword));
    ASSERT_TRUE(first.ok() && second.ok());
    first_hash_ = *first;
    second_hash_ = *second;
  }
  static inline std::string first_hash_;
  static inline std::string second_hash_;
};

TEST_F(PasswordHashTest, VerifiesTheRightPassword) {
  EXPECT_TRUE(VerifyPassword(Secret(kPassword), first_hash_));
  EXPECT_TRUE(VerifyPassword(Secret(kPassword), second_hash_));
}

TEST_F(PasswordHashTest, RejectsWrongPasswords) {
  for (std::string_view wrong : {"CANARY-correct horse battery stapl", "canary-correct horse battery staple", "",
                                 "CANARY-correct horse battery staple "}) {
    EXPECT_FALSE(VerifyPassword(Secret(wrong), first_hash_)) << wrong;
  }
}

TEST_F(PasswordHashTest, EncodesArgon2idParametersAndASaltButNotThePassword) {
  EXPECT_EQ(first_hash_.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << first_hash_;
  EXPECT_EQ(first_hash_.find(kPassword), std::string::npos);
  EXPECT_EQ(first_hash_.find("CANARY"), std::string::npos);
  EXPECT_NE(first_hash_, second_hash_);  // fresh salt each time
}

TEST_F(PasswordHashTest, RejectsMalformedOrForeignHashes) {
  std::string argon2i = first_hash_;
  argon2i.replace(0, 10, "$argon2i$");
  std::string corrupted = first_hash_;
  corrupted.back() = corrupted.back() == 'A' ? 'B' : 'A';
  for (const std::string& hash : {std::string(), std::string("plain text"), std::string("$argon2id$"), argon2i,
                                  corrupted, first_hash_.substr(0, first_hash_.size() - 5)}) {
    EXPECT_FALSE(VerifyPassword(Secret(kPassword), hash)) << hash;
  }
}

TEST(PasswordHashRulesTest, RefusesAnEmptyPassword) {
  auto hash = HashPassword(Secret(""));
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace flowfile::crypto
