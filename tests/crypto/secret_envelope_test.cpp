#include "src/crypto/secret_envelope.h"

#include <gtest/gtest.h>

#include <string>

#include "src/crypto/hex.h"
#include "src/crypto/user_key.h"
#include "tests/crypto/crypto_test_support.h"

namespace flowfile::crypto {
namespace {

using crypto_testing::FixedKey;
using crypto_testing::FixedKeyring;

constexpr std::string_view kCanary = "CANARY-s3cr3t-value-0123456789";
constexpr SecretContext kContext{42, 7, SecretField::kAwsSecretAccessKey, "endpoint_url=https://minio.example"};

TEST(SecretEnvelopeTest, RoundTripsEveryField) {
  auto keyring = FixedKeyring({{1, 'a'}});
  ASSERT_NE(keyring, nullptr);
  for (SecretField field : kAllSecretFields) {
    const SecretContext context{42, 7, field, kContext.destination};
    auto envelope = SealSecret(*keyring, context, Secret(kCanary));
    ASSERT_TRUE(envelope.ok()) << SecretFieldName(field);
    auto opened = OpenSecret(*keyring, context, *envelope);
    ASSERT_TRUE(opened.ok()) << SecretFieldName(field) << ": " << opened.error().message();
    EXPECT_EQ(opened->reveal(), kCanary) << SecretFieldName(field);
  }
}

TEST(SecretEnvelopeTest, RoundTripsEmptyAndLargeSecrets) {
  auto keyring = FixedKeyring({{1, 'a'}});
  for (const std::string& value : {std::string(), std::string(1, '\0'), std::string(100000, 'x')}) {
    auto envelope = SealSecret(*keyring, kContext, Secret(value));
    ASSERT_TRUE(envelope.ok());
    auto opened = OpenSecret(*keyring, kContext, *envelope);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    EXPECT_EQ(opened->reveal(), value);
  }
}

TEST(SecretEnvelopeTest, HasTheDocumentedLayout) {
  auto keyring = FixedKeyring({{1, 'a'}, {258, 'b'}});
  auto envelope = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  // magic, format 2, key version 258 big endian, 12-byte nonce, ciphertext, 16-byte tag.
  EXPECT_EQ(envelope->substr(0, 9), std::string("FFSE\x02\x00\x00\x01\x02", 9));
  EXPECT_EQ(envelope->size(), 9 + 12 + kCanary.size() + 16);
}

TEST(SecretEnvelopeTest, DetectsAFlippedBitAtEveryPosition) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto envelope = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  for (std::size_t position = 0; position < envelope->size(); ++position) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string tampered = *envelope;
      tampered[position] = static_cast<char>(tampered[position] ^ mask);
      auto opened = OpenSecret(*keyring, kContext, tampered);
      ASSERT_FALSE(opened.ok()) << "byte " << position;
      EXPECT_EQ(opened.error().code(), ErrorCode::kTampered) << "byte " << position;
      EXPECT_NE(opened.error().message().find("aws_secret_access_key"), std::string::npos);
      EXPECT_EQ(opened.error().message().find(kCanary), std::string::npos);
    }
  }
}

TEST(SecretEnvelopeTest, DetectsTruncationAndExtension) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto envelope = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  for (std::size_t length = 0; length < envelope->size(); ++length) {
    auto opened = OpenSecret(*keyring, kContext, envelope->substr(0, length));
    ASSERT_FALSE(opened.ok()) << "length " << length;
    EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
  }
  auto extended = OpenSecret(*keyring, kContext, *envelope + "x");
  ASSERT_FALSE(extended.ok());
  EXPECT_EQ(extended.error().code(), ErrorCode::kTampered);
}

struct CopiedCase {
  const char* name;
  SecretContext target;
};

class CopiedEnvelopeTest : public ::testing::TestWithParam<CopiedCase> {};

TEST_P(CopiedEnvelopeTest, FailsAuthentication) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto envelope = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  auto opened = OpenSecret(*keyring, GetParam().target, *envelope);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
  EXPECT_NE(opened.error().message().find("copied from another connection or user"), std::string::npos);
  EXPECT_EQ(opened.error().message().find(kCanary), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    RejectsCiphertextCopied, CopiedEnvelopeTest,
    ::testing::Values(
        CopiedCase{"ToAnotherUser", {43, 7, SecretField::kAwsSecretAccessKey, kContext.destination}},
        CopiedCase{"ToANegatedUserId", {-42, 7, SecretField::kAwsSecretAccessKey, kContext.destination}},
        CopiedCase{"ToAnotherConnection", {42, 8, SecretField::kAwsSecretAccessKey, kContext.destination}},
        CopiedCase{"ToAnotherField", {42, 7, SecretField::kAwsSessionToken, kContext.destination}},
        CopiedCase{"ToAnotherUserAndConnection", {7, 42, SecretField::kAwsSecretAccessKey, kContext.destination}},
        CopiedCase{"ToAnotherDestination",
                   {42, 7, SecretField::kAwsSecretAccessKey, "endpoint_url=https://attacker.example"}},
        CopiedCase{"ToNoDestination", {42, 7, SecretField::kAwsSecretAccessKey, ""}}),
    [](const ::testing::TestParamInfo<CopiedCase>& test) { return test.param.name; });

TEST(SecretEnvelopeTest, RejectsEnvelopeOpenedWithAnotherMasterKeyOfTheSameVersion) {
  auto sealing = FixedKeyring({{1, 'a'}});
  auto opening = FixedKeyring({{1, 'b'}});
  auto envelope = SealSecret(*sealing, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  auto opened = OpenSecret(*opening, kContext, *envelope);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
}

TEST(SecretEnvelopeTest, TwoSealsOfTheSameValueDiffer) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto first = SealSecret(*keyring, kContext, Secret(kCanary));
  auto second = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
  // The nonces differ, not only the ciphertexts.
  EXPECT_NE(first->substr(9, 12), second->substr(9, 12));
}

TEST(SecretEnvelopeTest, EnvelopeDoesNotContainThePlaintextCanary) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto envelope = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  EXPECT_EQ(envelope->find(kCanary), std::string::npos);
  EXPECT_EQ(envelope->find(kCanary.substr(0, 8)), std::string::npos);
}

TEST(SecretEnvelopeTest, RotatedKeyringOpensBothVersionsAndSealsWithTheNewest) {
  auto old_keyring = FixedKeyring({{1, 'a'}});
  auto rotated = FixedKeyring({{1, 'a'}, {2, 'b'}});
  auto old_envelope = SealSecret(*old_keyring, kContext, Secret("old value"));
  ASSERT_TRUE(old_envelope.ok());
  auto new_envelope = SealSecret(*rotated, kContext, Secret("new value"));
  ASSERT_TRUE(new_envelope.ok());

  EXPECT_EQ(*EnvelopeKeyVersion(*old_envelope), 1u);
  EXPECT_EQ(*EnvelopeKeyVersion(*new_envelope), 2u);
  auto old_opened = OpenSecret(*rotated, kContext, *old_envelope);
  ASSERT_TRUE(old_opened.ok());
  EXPECT_EQ(old_opened->reveal(), "old value");
  auto new_opened = OpenSecret(*rotated, kContext, *new_envelope);
  ASSERT_TRUE(new_opened.ok());
  EXPECT_EQ(new_opened->reveal(), "new value");
}

TEST(SecretEnvelopeTest, MissingKeyVersionIsNamedInTheError) {
  auto old_keyring = FixedKeyring({{1, 'a'}});
  auto newer_only = FixedKeyring({{2, 'b'}});
  auto envelope = SealSecret(*old_keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(envelope.ok());
  auto opened = OpenSecret(*newer_only, kContext, *envelope);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
  EXPECT_NE(opened.error().message().find("master key version 1, which is missing"), std::string::npos)
      << opened.error().message();
}

TEST(SecretEnvelopeTest, Format1OpensOnlyThroughTheMigrationPath) {
  auto keyring = FixedKeyring({{1, 'a'}});
  auto legacy = SealFormat1SecretForTesting(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(legacy.ok());
  EXPECT_EQ((*legacy)[4], '\x01');
  EXPECT_EQ(*EnvelopeKeyVersion(*legacy), 1u);
  auto refused = OpenSecret(*keyring, kContext, *legacy);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kTampered);
  auto migrated = OpenFormat1Secret(*keyring, kContext, *legacy);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  EXPECT_EQ(migrated->reveal(), kCanary);
  auto current = SealSecret(*keyring, kContext, Secret(kCanary));
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(OpenFormat1Secret(*keyring, kContext, *current).ok());
}

TEST(SecretEnvelopeTest, EnvelopeKeyVersionRejectsWhatIsNotAnEnvelope) {
  for (std::string_view garbage : {std::string_view(""), std::string_view("FFSE"),
                                   std::string_view("plain text secret stored by mistake, long enough")}) {
    auto version = EnvelopeKeyVersion(garbage);
    ASSERT_FALSE(version.ok());
    EXPECT_EQ(version.error().code(), ErrorCode::kTampered);
  }
}

TEST(UserKeyTest, MatchesHkdfSha256KnownAnswer) {
  // Computed independently with Python's hmac module (RFC 5869 extract + expand).
  WipingBuffer key(kUserKeySize);
  ASSERT_TRUE(DeriveUserKey(FixedKey(1, 'a'), 42, key).ok());
  EXPECT_EQ(EncodeHex(key.data(), key.size()), "6b3d20bf0089193455209360149f0b65b4a1fe19f5148f2c70ae8d6a6ad92148");
  ASSERT_TRUE(DeriveUserKey(FixedKey(1, 'a'), -7, key).ok());
  EXPECT_EQ(EncodeHex(key.data(), key.size()), "9698ff48725a405013203aff2ffe5abf2e7551bb7109322ccf5c87bd6de08467");
}

}  // namespace
}  // namespace flowfile::crypto
