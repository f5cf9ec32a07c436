// The plain-http rule: loopback endpoints need no opt-in, others are refused
// when the connection is validated, with the opt-in as the remedy.
#include <gtest/gtest.h>

#include <string>

#include "flowfile/connection.h"
#include "flowfile/connection_rules.h"

namespace flowfile {
namespace {

Connection WithEndpoint(StorageType storage, std::string endpoint) {
  Connection c;
  c.info.connection_name = "lake";
  c.info.storage_type = storage;
  c.info.auth_method = DefaultAuthMethod(storage);
  if (storage == StorageType::kAdls) c.info.azure_account_name = "acct";
  c.info.endpoint_url = std::move(endpoint);
  return c;
}

struct HostCase {
  const char* endpoint;
  bool loopback;
};

class PlainHttp : public testing::TestWithParam<HostCase> {};

TEST_P(PlainHttp, IsAllowedWithoutOptInOnlyOnLoopback) {
  for (StorageType storage : kAllStorageTypes) {
    const Connection connection = WithEndpoint(storage, GetParam().endpoint);
    EXPECT_EQ(PlainHttpAllowed(connection.info), GetParam().loopback) << GetParam().endpoint;
    const Status status = ValidateConnection(connection);
    if (GetParam().loopback) {
      EXPECT_TRUE(status.ok()) << status.error().message();
    } else {
      ASSERT_FALSE(status.ok()) << GetParam().endpoint;
      EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(status.error().field(), "endpoint_url");
      EXPECT_EQ(status.error().remedy(), UnsafeEndpointRemedy(storage)) << status.error().message();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Hosts, PlainHttp,
    testing::Values(HostCase{"http://127.0.0.1:9000", true}, HostCase{"http://127.8.9.10", true},
                    HostCase{"http://localhost:9000/", true}, HostCase{"http://LOCALHOST", true},
                    HostCase{"http://[::1]:10000", true}, HostCase{"http://minio.internal:9000", false},
                    HostCase{"http://10.0.0.5:9000", false}, HostCase{"http://127.0.0.1.evil.example", false},
                    HostCase{"http://localhost.evil.example", false}, HostCase{"http://128.0.0.1", false},
                    HostCase{"http://[::2]", false}));

TEST(PlainHttp, OptInAllowsAnyHost) {
  Connection s3 = WithEndpoint(StorageType::kS3, "http://minio.internal:9000");
  s3.info.aws_allow_unsafe_html = true;
  EXPECT_TRUE(ValidateConnection(s3).ok());
  Connection gcs = WithEndpoint(StorageType::kGcs, "http://gcs.internal:4443");
  gcs.info.verify_ssl = false;
  EXPECT_TRUE(ValidateConnection(gcs).ok());
}

TEST(PlainHttp, HttpsNeedsNoOptIn) {
  EXPECT_TRUE(ValidateConnection(WithEndpoint(StorageType::kS3, "https://minio.internal:9000")).ok());
  EXPECT_EQ(UnsafeEndpointRemedy(StorageType::kS3), (Remedy{"aws_allow_unsafe_html", true}));
  EXPECT_EQ(UnsafeEndpointRemedy(StorageType::kAdls), (Remedy{"verify_ssl", false}));
}

}  // namespace
}  // namespace flowfile
