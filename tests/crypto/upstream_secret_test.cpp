// HKDF, Fernet and upstream Flowfile's secret format, checked against
// vectors that upstream_secret_vectors.py makes with Python's `cryptography`
// package (the library upstream Flowfile seals its secrets with) each run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "src/crypto/fernet.h"
#include "src/crypto/hkdf.h"
#include "src/crypto/upstream_secret.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

using nlohmann::json;

const json& Vectors() {
  static const json kVectors = [] {
    const char* path = std::getenv("FLOWFILE_UPSTREAM_SECRET_VECTORS");
    if (path == nullptr) return json();
    std::ifstream in(path);
    return json::parse(in);
  }();
  return kVectors;
}

std::string Unhex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes;
}

class UpstreamSecretTest : public testing::Test {
 protected:
  void SetUp() override {
    if (Vectors().is_null())
      GTEST_FAIL() << "run through upstream_secret_vectors.py (FLOWFILE_UPSTREAM_SECRET_VECTORS)";
  }
};

TEST_F(UpstreamSecretTest, HkdfMatchesCryptography) {
  ASSERT_FALSE(Vectors()["hkdf"].empty());
  for (const json& v : Vectors()["hkdf"]) {
    const std::string expected = Unhex(v["okm"]);
    WipingBuffer out(expected.size());
    ASSERT_TRUE(DeriveHkdfSha256(Unhex(v["ikm"]), Unhex(v["salt"]), Unhex(v["info"]), out).ok());
    EXPECT_EQ(out.view(out.size()), expected) << v["info"];
  }
}

TEST_F(UpstreamSecretTest, OpensTokensMadeByCryptography) {
  ASSERT_FALSE(Vectors()["fernet"].empty());
  for (const json& v : Vectors()["fernet"]) {
    auto key = ParseFernetKey(v["key"].get<std::string>());
    ASSERT_TRUE(key.ok()) << key.error().message();
    auto plain = OpenFernetToken(*key, v["token"].get<std::string>());
    ASSERT_TRUE(plain.ok()) << plain.error().message();
    EXPECT_EQ(plain->reveal(), Unhex(v["plaintext"]));
  }
}

TEST_F(UpstreamSecretTest, RefusesWrongKeysChangedAndMalformedTokensByCode) {
  ASSERT_FALSE(Vectors()["fernet_rejected"].empty());
  for (const json& v : Vectors()["fernet_rejected"]) {
    auto key = ParseFernetKey(v["key"].get<std::string>());
    ASSERT_TRUE(key.ok());
    const std::string token = v["token"];
    auto plain = OpenFernetToken(*key, token);
    ASSERT_FALSE(plain.ok()) << token;
    EXPECT_EQ(ErrorCodeName(plain.error().code()), v["code"].get<std::string>()) << token;
    EXPECT_EQ(plain.error().message().find(token.substr(0, 20)), std::string::npos);
  }
}

TEST_F(UpstreamSecretTest, RefusesKeysThatAreNotFernetKeysWithoutQuotingThem) {
  for (const json& v : Vectors()["bad_keys"]) {
    const std::string text = v["key"];
    auto key = ParseFernetKey(text);
    ASSERT_FALSE(key.ok()) << text;
    EXPECT_EQ(key.error().code(), ErrorCode::kInvalidArgument);
    if (!text.empty()) {
      EXPECT_EQ(key.error().message().find(text), std::string::npos);
    }
  }
}

TEST_F(UpstreamSecretTest, OpensUpstreamSecretsOfBothFormats) {
  ASSERT_FALSE(Vectors()["upstream"].empty());
  for (const json& v : Vectors()["upstream"]) {
    auto plain = OpenUpstreamSecret(Secret(v["master_key"].get<std::string>()), v["value"].get<std::string>());
    ASSERT_TRUE(plain.ok()) << plain.error().message();
    EXPECT_EQ(plain->reveal(), Unhex(v["plaintext"]));
  }
}

TEST_F(UpstreamSecretTest, RefusesUpstreamSecretsUnderAnotherKeyOrUser) {
  ASSERT_FALSE(Vectors()["upstream_rejected"].empty());
  for (const json& v : Vectors()["upstream_rejected"]) {
    const std::string value = v["value"];
    auto plain = OpenUpstreamSecret(Secret(v["master_key"].get<std::string>()), value);
    ASSERT_FALSE(plain.ok()) << value;
    EXPECT_EQ(ErrorCodeName(plain.error().code()), v["code"].get<std::string>()) << value;
  }
}

}  // namespace
}  // namespace flowfile::crypto
