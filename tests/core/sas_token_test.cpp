#include "flowfile/sas_token.h"

#include <gtest/gtest.h>

#include "flowfile/connection.h"

namespace flowfile {
namespace {

constexpr std::string_view kToken =
    "sv=2020-08-04&ss=b&srt=sco&sp=rl&se=2099-01-01T00%3A00%3A00Z&sig=CANARYsig%2Bab%2F%3D";

TEST(SasToken, NormalizesALeadingQuestionMarkAway) {
  auto with = NormalizeSasToken(Secret("?" + std::string(kToken)));
  ASSERT_TRUE(with.ok()) << with.error().message();
  EXPECT_EQ(with->reveal(), kToken);
  auto without = NormalizeSasToken(Secret(kToken));
  ASSERT_TRUE(without.ok()) << without.error().message();
  EXPECT_EQ(without->reveal(), kToken);
  EXPECT_EQ(CanonicalSecretValue(SecretField::kAzureSasToken, Secret("?" + std::string(kToken))).reveal(), kToken);
  EXPECT_EQ(CanonicalSecretValue(SecretField::kAzureAccountKey, Secret("?key")).reveal(), "?key");
}

TEST(SasToken, ParsesParametersAsWritten) {
  auto parameters = ParseSasToken(Secret(kToken));
  ASSERT_TRUE(parameters.ok()) << parameters.error().message();
  ASSERT_EQ(parameters->size(), 6u);
  EXPECT_EQ((*parameters)[5].name, "sig");
  EXPECT_EQ((*parameters)[5].value.reveal(), "CANARYsig%2Bab%2F%3D");
  EXPECT_EQ(UrlDecodeSecret((*parameters)[5].value).reveal(), "CANARYsig+ab/=");
}

TEST(SasToken, RefusesWhatIsNotAQueryStringWithoutQuotingIt) {
  for (std::string bad :
       {std::string("CANARYnotasas"), std::string("sv=1&sp=r"), std::string("sv=1&&sig=CANARY"),
        std::string("sv=1&sig=CANARY x"), std::string("sv=1&sig=CANARY#frag"), std::string("sv=1&sig=CANARY%zz"),
        std::string("https://acct.blob.core.windows.net/?sig=CANARY"), std::string("?"), std::string("")}) {
    auto parsed = ParseSasToken(Secret(bad));
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message().find("azure_sas_token"), std::string::npos);
    EXPECT_EQ(parsed.error().message().find("CANARY"), std::string::npos) << parsed.error().message();
  }
}

TEST(SasToken, ValidationRefusesAMalformedToken) {
  Connection connection;
  connection.info.connection_name = "lake";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kSasToken;
  connection.info.azure_account_name = "acct";
  connection.secrets.set(SecretField::kAzureSasToken, Secret("CANARY-just-a-string"));
  const Status status = ValidateConnection(connection);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("azure_sas_token"), std::string::npos);
  connection.secrets.set(SecretField::kAzureSasToken, Secret("?" + std::string(kToken)));
  EXPECT_TRUE(ValidateConnection(connection).ok());
}

}  // namespace
}  // namespace flowfile
