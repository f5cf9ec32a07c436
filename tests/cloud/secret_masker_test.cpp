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
  secrets.set(SecretField::kGcsServiceAccountKey,
              Secret(R"({"type":"service_account","private_key_id":"kid-123456","private_key":"-----BEGIN KEY-----abc"})"));
  const SecretMasker masker(secrets);
  EXPECT_EQ(masker.Mask("bad key -----BEGIN KEY-----abc (kid-123456)"), "bad key *** (***)");
}

}  // namespace
}  // namespace flowfile::cloud
