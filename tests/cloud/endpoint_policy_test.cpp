// The endpoint policy of a shared server: loopback, link-local, private and
// unspecified addresses are refused unless allowed, in every spelling, and
// every refusal reads the same.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/cloud/endpoint_policy_check.h"

namespace flowfile::cloud {
namespace {

ConnectionInfo WithEndpoint(std::string url) {
  ConnectionInfo info;
  info.connection_name = "lake";
  info.endpoint_url = std::move(url);
  return info;
}

const EndpointPolicy kShared{true, {}};

TEST(EndpointPolicyTest, RefusesInternalAddressesInEverySpelling) {
  for (const char* url :
       {"http://127.0.0.1:9000", "http://127.1.2.3", "http://localhost:9000", "http://0.0.0.0:9000",
        "http://169.254.169.254", "http://10.0.0.8:9000", "http://172.20.1.1", "http://192.168.1.10",
        "http://100.64.0.1", "http://[::1]:9000", "http://[::]:9000", "http://[fe80::1]", "http://[fd00::8]",
        "http://[::ffff:127.0.0.1]:9000", "http://[::ffff:169.254.169.254]"}) {
    Status status = CheckEndpointAllowed(WithEndpoint(url), kShared);
    ASSERT_FALSE(status.ok()) << url;
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidEndpoint) << url;
    EXPECT_EQ(status.error().field(), "endpoint_url") << url;
    EXPECT_EQ(status.error().message(), "Endpoint " + std::string(url) + " is unreachable.") << url;
  }
}

TEST(EndpointPolicyTest, AnUnresolvableNameReadsLikeARefusedAddress) {
  Status status = CheckEndpointAllowed(WithEndpoint("http://flowfile-no-such-host.invalid:9000"), kShared);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "Endpoint http://flowfile-no-such-host.invalid:9000 is unreachable.");
}

TEST(EndpointPolicyTest, PublicAddressesAndProviderDefaultsPass) {
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("https://8.8.8.8"), kShared).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("https://172.32.0.1:443"), kShared).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("https://[2001:db8::1]"), kShared).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint(""), kShared).ok());  // the provider's own hosts
}

TEST(EndpointPolicyTest, AdministratorsAllowHostsOrRanges) {
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://127.0.0.1:9000"), {true, {"loopback"}}).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://localhost:9000"), {true, {"loopback"}}).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://10.0.0.8:9000"), {true, {"10.0.0.8"}}).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://[fd00::8]"), {true, {"private"}}).ok());
  EXPECT_FALSE(CheckEndpointAllowed(WithEndpoint("http://169.254.169.254"), {true, {"loopback", "private"}}).ok());
  EXPECT_FALSE(CheckEndpointAllowed(WithEndpoint("http://10.0.0.9:9000"), {true, {"10.0.0.8"}}).ok());
}

TEST(EndpointPolicyTest, ApprovalKeepsTheAddressesItChecked) {
  Result<ApprovedEndpoint> approved = ApproveEndpoint(WithEndpoint("http://localhost:9000"), {true, {"loopback"}});
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->host, "localhost");
  ASSERT_FALSE(approved->addresses.empty());
  for (const std::string& address : approved->addresses) {
    EXPECT_TRUE(address == "127.0.0.1" || address == "::1") << address;
  }
  Result<ApprovedEndpoint> v6 = ApproveEndpoint(WithEndpoint("http://[::1]:9000"), {true, {"loopback"}});
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->addresses, std::vector<std::string>{"::1"});
}

TEST(EndpointPolicyTest, NothingIsPinnedWhenNothingWasResolved) {
  // Allowed by name: the administrator trusts the name, whatever it resolves to.
  Result<ApprovedEndpoint> by_name = ApproveEndpoint(WithEndpoint("http://127.0.0.1:9000"), {true, {"127.0.0.1"}});
  ASSERT_TRUE(by_name.ok());
  EXPECT_TRUE(by_name->addresses.empty());
  Result<ApprovedEndpoint> no_policy = ApproveEndpoint(WithEndpoint("http://localhost:9000"), EndpointPolicy{});
  ASSERT_TRUE(no_policy.ok());
  EXPECT_TRUE(no_policy->addresses.empty());
  Result<ApprovedEndpoint> refused = ApproveEndpoint(WithEndpoint("http://localhost:9000"), kShared);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message(), "Endpoint http://localhost:9000 is unreachable.");
}

TEST(EndpointPolicyTest, WithoutThePolicyEverythingPasses) {
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://127.0.0.1:9000"), EndpointPolicy{}).ok());
  EXPECT_TRUE(CheckEndpointAllowed(WithEndpoint("http://169.254.169.254"), EndpointPolicy{}).ok());
}

}  // namespace
}  // namespace flowfile::cloud
