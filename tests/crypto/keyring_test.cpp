#include "flowfile/keyring.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/crypto/crypto_test_support.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

using crypto_testing::FixedKey;
using crypto_testing::FixedKeyring;
using crypto_testing::kKeyABase64;
using crypto_testing::kKeyBBase64;
using crypto_testing::ScopedEnvironmentVariable;
using testing_support::TempDirectory;

TEST(KeyringTest, FromKeysSortsVersionsAndActivatesTheNewest) {
  auto keyring = FixedKeyring({{5, 'a'}, {2, 'b'}, {9, 'c'}});
  ASSERT_NE(keyring, nullptr);
  EXPECT_EQ(keyring->active_version(), 9u);
  EXPECT_EQ(keyring->versions(), (std::vector<std::uint32_t>{2, 5, 9}));
  ASSERT_NE(keyring->Find(2), nullptr);
  EXPECT_EQ(keyring->Find(2)->bytes.reveal(), std::string(32, 'b'));
  EXPECT_EQ(keyring->Find(3), nullptr);
  EXPECT_FALSE(keyring->from_environment());
}

TEST(KeyringTest, FromKeysRefusesInvalidKeys) {
  std::vector<std::vector<MasterKey>> cases;
  cases.emplace_back();  // no keys
  cases.emplace_back();
  cases.back().push_back(FixedKey(1, 'a'));
  cases.back().push_back(FixedKey(1, 'b'));  // duplicate version
  cases.emplace_back();
  cases.back().push_back(MasterKey{1, Secret(std::string(16, 'a'))});  // too short
  cases.emplace_back();
  cases.back().push_back(FixedKey(0, 'a'));  // version 0
  for (auto& keys : cases) {
    auto keyring = Keyring::FromKeys(std::move(keys));
    ASSERT_FALSE(keyring.ok());
    EXPECT_EQ(keyring.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(KeyringTest, FingerprintIsHmacSha256OfTheFixedLabelInHex) {
  // Computed independently: hmac.new(b"a" * 32, b"flowfile master key check v1", sha256).
  auto keyring = FixedKeyring({{1, 'a'}});
  auto fingerprint = keyring->Fingerprint(1);
  ASSERT_TRUE(fingerprint.ok());
  EXPECT_EQ(*fingerprint, "0d75209a24080924ae6631b411626387927fd6548b0f62851593710ada167ef3");
}

TEST(KeyringTest, FingerprintIsStableAndDiffersPerKey) {
  auto first = FixedKeyring({{1, 'a'}, {2, 'b'}});
  auto again = FixedKeyring({{7, 'a'}});
  EXPECT_EQ(*first->Fingerprint(1), *first->Fingerprint(1));
  EXPECT_EQ(*first->Fingerprint(1), *again->Fingerprint(7));  // same key bytes, any version
  EXPECT_NE(*first->Fingerprint(1), *first->Fingerprint(2));
  auto missing = first->Fingerprint(3);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

struct AcceptedVariable {
  std::string value;
  std::vector<std::uint32_t> versions;
};

TEST(KeyringTest, AcceptsMasterKeyVariableFormats) {
  const std::string a = kKeyABase64;
  const std::string b = kKeyBBase64;
  const std::vector<AcceptedVariable> cases = {
      {a, {1}},
      {"  " + a + "\n", {1}},
      {"1:" + a, {1}},
      {"1:" + a + ",2:" + b, {1, 2}},
      {" 7 : " + b + " , 3:" + a + " ", {3, 7}},
  };
  TempDirectory directory;
  for (const AcceptedVariable& accepted : cases) {
    ScopedEnvironmentVariable variable("FLOWFILE_MASTER_KEY", accepted.value);
    auto keyring = Keyring::Load(directory.path());
    ASSERT_TRUE(keyring.ok()) << keyring.error().message();
    EXPECT_EQ((*keyring)->versions(), accepted.versions);
    EXPECT_TRUE((*keyring)->from_environment());
  }
  EXPECT_FALSE(std::filesystem::exists(directory.path() / "master.key"));
}

TEST(KeyringTest, VariableKeysMatchTheirBase64) {
  ScopedEnvironmentVariable variable("FLOWFILE_MASTER_KEY", std::string("2:") + kKeyBBase64 + ",1:" + kKeyABase64);
  TempDirectory directory;
  auto keyring = Keyring::Load(directory.path());
  ASSERT_TRUE(keyring.ok());
  EXPECT_EQ((*keyring)->Find(1)->bytes.reveal(), std::string(32, 'a'));
  EXPECT_EQ((*keyring)->Find(2)->bytes.reveal(), std::string(32, 'b'));
  EXPECT_EQ((*keyring)->active_version(), 2u);
}

TEST(KeyringTest, RefusesMalformedMasterKeyVariableWithoutEchoingIt) {
  const std::string a = kKeyABase64;
  const std::string short_key = "Y2NjY2NjY2NjY2NjY2NjYw==";  // 16 bytes
  const std::vector<std::string> cases = {
      "",
      "   ",
      "not base64 at all!",
      short_key,
      a.substr(0, 43),                 // padding cut off
      "0:" + a,                        // version 0
      "x:" + a,                        // version not a number
      "99999999999:" + a,              // version beyond 32 bits
      "1:" + a + ",1:" + a,            // duplicate
      "1:" + a + ",",                  // trailing comma
      "1:" + a + "," + a,              // second item without a version
      "1:" + short_key,                // wrong length in the list form
      "1:" + a + ",2:" + a + "extra",  // junk after the key
  };
  TempDirectory directory;
  for (const std::string& value : cases) {
    ScopedEnvironmentVariable variable("FLOWFILE_MASTER_KEY", value);
    auto keyring = Keyring::Load(directory.path());
    ASSERT_FALSE(keyring.ok()) << "accepted case #" << (&value - cases.data());
    EXPECT_EQ(keyring.error().code(), ErrorCode::kInvalidArgument);
    const std::string& message = keyring.error().message();
    EXPECT_NE(message.find("FLOWFILE_MASTER_KEY"), std::string::npos);
    EXPECT_NE(message.find("Expected \"<base64 of 32 bytes>\" or \"<version>:<base64>,"), std::string::npos);
    EXPECT_NE(message.find("`openssl rand -base64 32`"), std::string::npos) << message;
    EXPECT_EQ(message.find(a.substr(0, 12)), std::string::npos) << message;
    EXPECT_EQ(message.find(short_key.substr(0, 12)), std::string::npos) << message;
    EXPECT_EQ(message.find("not base64 at all"), std::string::npos) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(directory.path() / "master.key"));
}

}  // namespace
}  // namespace flowfile
