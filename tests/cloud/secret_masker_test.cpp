#include "src/cloud/secret_masker.h"

#include <gtest/gtest.h>

namespace flowfile::cloud {
namespace {

TEST(SecretMasker, MasksPlainAndUrlEncodedForms) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAwsSecretAccessKey, Secret("ab/c+d=e"));
  const SecretMasker masker(secrets);
  EXPECT_EQ(masker.Mask("key ab/c+d=e here"), "key *** here");
  EXPECT_EQ(masker.Mask("q=ab%2Fc%2Bd%3De&x=ab%2fc%2bd%3de"), "q=***&x=***");
  EXPECT_EQ(masker.Mask("twice ab/c+d=e ab/c+d=e"), "twice *** ***");
  EXPECT_EQ(masker.Mask("nothing secret"), "nothing secret");
}

TEST(SecretMasker, MasksEverySecretFieldOfAConnection) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAwsSecretAccessKey, Secret("first-secret"));
  secrets.set(SecretField::kAwsSessionToken, Secret("session-token-value"));
  const SecretMasker masker(secrets);
  EXPECT_EQ(masker.Mask("first-secret/session-token-value"), "***/***");
}

TEST(SecretMasker, MasksTheServiceAccountPrivateKeyAlone) {
  ConnectionSecrets secrets;
  secrets.set(
      SecretField::kGcsServiceAccountKey,
      Secret(
          R"({"type":"service_account","private_key_id":"kid-123456","private_key":"-----BEGIN KEY-----abc"})"));
  const SecretMasker masker(secrets);
  EXPECT_EQ(masker.Mask("bad key -----BEGIN KEY-----abc (kid-123456)"), "bad key *** (***)");
}

// Found by fuzz/text_fuzz.cpp: masking the short signature "c/x?" turned
// "windows.net/c/x?***" into "windows.net/******", which is the long one.
TEST(SecretMasker, AMaskNeverCompletesAnotherSecret) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAzureSasToken, Secret("sig=windows.net/******&sig=c/x?"));
  const SecretMasker masker(secrets);
  const std::string masked =
      masker.Mask("GET https://acct.blob.core.windows.net/c/x?sig=windows.net/******&sig=c/x?");
  EXPECT_EQ(masked.find("windows.net/******"), std::string::npos) << masked;
  // A secret made only of the mask's characters still ends.
  ConnectionSecrets stars;
  stars.set(SecretField::kAwsSecretAccessKey, Secret("*"));
  EXPECT_EQ(SecretMasker(stars).Mask("a*b"), "a***b");
}

TEST(SecretMasker, MasksASasSignatureInAReorderedOrReencodedQuery) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAzureSasToken, Secret("?sv=2020-08-04&sp=rl&se=2099-01-01&sig=Zm9vYmFy%2Bc2ln%2F%3D"));
  const SecretMasker masker(secrets);
  // The Azure SDK sorts the query: the token never appears whole.
  EXPECT_EQ(masker.Mask("GET https://a/c?se=2099-01-01&sig=Zm9vYmFy%2Bc2ln%2F%3D&sp=rl&sv=2020-08-04"),
            "GET https://a/c?se=2099-01-01&sig=***&sp=rl&sv=2020-08-04");
  EXPECT_EQ(masker.Mask("sig=Zm9vYmFy%2bc2ln%2f%3d"), "sig=***");
  EXPECT_EQ(masker.Mask("signature Zm9vYmFy+c2ln/="), "signature ***");
  EXPECT_EQ(masker.Mask("sv=2020-08-04&sp=rl&se=2099-01-01&sig=Zm9vYmFy%2Bc2ln%2F%3D"), "***");
}

}  // namespace
}  // namespace flowfile::cloud
