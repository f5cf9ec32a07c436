// The S3 auth methods that take credentials from the host rather than the
// store (env_vars, aws-cli profiles, iam_role), against the TLS + IAM moto
// server, which checks every key and signature and each role's policy. The
// AWS settings are changed for this test process only.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <map>
#include <optional>

#include "src/cloud/connection_test.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/support/temp_directory.h"

namespace flowfile::cloud {
namespace {

using testing_support::RequiredEnv;

// Sets (or, with nullopt, unsets) environment variables for one test and
// restores them afterwards.
class ScopedEnv {
 public:
  explicit ScopedEnv(const std::map<std::string, std::optional<std::string>>& values) {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
      Apply(name, value);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) Apply(name, value);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  static void Apply(const std::string& name, const std::optional<std::string>& value) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

class S3AuthMethods : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bucket_ = new std::string(testing_support::UniqueBucket("auth"));
    Connection admin = testing_support::SecureMotoConnection();
    admin.info.aws_allow_unsafe_html = true;
    testing_support::CreateBucket(admin, *bucket_);
  }
  static void TearDownTestSuite() { delete bucket_; }

  // A connection to moto-secure with `method` and no stored secret.
  static Connection Host(AuthMethod method) {
    Connection connection = testing_support::SecureMotoConnection();
    connection.info.connection_name = "host-identity";
    connection.info.auth_method = method;
    connection.info.aws_access_key_id.clear();
    connection.info.aws_allow_unsafe_html = true;  // moto-secure's self-signed certificate
    connection.secrets = ConnectionSecrets();
    return connection;
  }
  static ConnectionTestResult Run(const Connection& connection) {
    const CloudStorage storage = testing_support::OpenOrFail(connection);
    if (storage.fs == nullptr) return {};
    auto result = TestConnection(storage, "s3://" + *bucket_ + "/");
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : ConnectionTestResult{};
  }
  // No key in the environment or in ~/.aws unless a test puts one there, and
  // no instance-metadata probe.
  static std::map<std::string, std::optional<std::string>> Clean() {
    return {{"AWS_ACCESS_KEY_ID", std::nullopt},
            {"AWS_SECRET_ACCESS_KEY", std::nullopt},
            {"AWS_SESSION_TOKEN", std::nullopt},
            {"AWS_PROFILE", std::nullopt},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"AWS_SHARED_CREDENTIALS_FILE", (home_.path() / "no-credentials").string()},
            {"AWS_CONFIG_FILE", (home_.path() / "no-config").string()}};
  }
  static std::map<std::string, std::optional<std::string>> With(
      std::map<std::string, std::optional<std::string>> overrides) {
    auto values = Clean();
    for (auto& [name, value] : overrides) values[name] = std::move(value);
    return values;
  }

  static inline std::string* bucket_ = nullptr;
  static inline testing_support::TempDirectory home_;
};

TEST_F(S3AuthMethods, EnvVarsUsesTheKeysInTheEnvironment) {
  {
    ScopedEnv env(With({{"AWS_ACCESS_KEY_ID", RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID")},
                        {"AWS_SECRET_ACCESS_KEY", RequiredEnv("FLOWFILE_TEST_S3_SECURE_SECRET")}}));
    const ConnectionTestResult works = Run(Host(AuthMethod::kEnvVars));
    EXPECT_TRUE(works.ok) << works.message;
  }
  ScopedEnv wrong(With({{"AWS_ACCESS_KEY_ID", RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID")},
                        {"AWS_SECRET_ACCESS_KEY", testing_support::kCanarySecret}}));
  const ConnectionTestResult denied = Run(Host(AuthMethod::kEnvVars));
  EXPECT_FALSE(denied.ok);
  EXPECT_EQ(denied.error_code, "access_denied") << denied.message;
  EXPECT_EQ(denied.message.find("s3cr3t"), std::string::npos) << denied.message;
}

void WriteFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

TEST_F(S3AuthMethods, AwsCliReadsTheNamedProfile) {
  const auto credentials = home_.path() / "credentials";
  const auto config = home_.path() / "config";
  WriteFile(credentials, "[default]\naws_access_key_id = " + RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID") +
                             "\naws_secret_access_key = wrong-default-secret\n\n[flowfile-test]\n"
                             "aws_access_key_id = " +
                             RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID") +
                             "\naws_secret_access_key = " + RequiredEnv("FLOWFILE_TEST_S3_SECURE_SECRET") + "\n");
  WriteFile(config, "[profile flowfile-test]\nregion = us-east-1\n");
  ScopedEnv env(
      With({{"AWS_SHARED_CREDENTIALS_FILE", credentials.string()}, {"AWS_CONFIG_FILE", config.string()}}));
  Connection named = Host(AuthMethod::kAwsCli);
  named.info.aws_profile = "flowfile-test";
  const ConnectionTestResult works = Run(named);
  EXPECT_TRUE(works.ok) << works.message;

  // The default profile's wrong secret is used when no profile is named:
  // the profile really decides which key signs.
  const ConnectionTestResult denied = Run(Host(AuthMethod::kAwsCli));
  EXPECT_FALSE(denied.ok);
  EXPECT_EQ(denied.error_code, "access_denied") << denied.message;

  Connection missing = Host(AuthMethod::kAwsCli);
  missing.info.aws_profile = "no-such-profile";
  auto refused = OpenStorage(missing);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message().find("AWS profile 'no-such-profile'"), std::string::npos)
      << refused.error().message();
}

// iam_role: the base credentials (here the environment's) call moto's STS
// AssumeRole, and S3 is signed with the role's temporary keys, so the role's
// policy decides: the same base user reaches the bucket through one role and
// is refused through the other.
TEST_F(S3AuthMethods, IamRoleSignsWithTheAssumedRolesKeys) {
  ScopedEnv env(With({{"AWS_ACCESS_KEY_ID", RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID")},
                      {"AWS_SECRET_ACCESS_KEY", RequiredEnv("FLOWFILE_TEST_S3_SECURE_SECRET")},
                      {"AWS_REGION", "us-east-1"},
                      {"AWS_ENDPOINT_URL_STS", RequiredEnv("FLOWFILE_TEST_S3_SECURE_ENDPOINT")},
                      // The STS client verifies TLS: trust moto-secure's certificate.
                      {"SSL_CERT_FILE", RequiredEnv("FLOWFILE_TEST_S3_SECURE_CERT")}}));
  Connection allowed = Host(AuthMethod::kIamRole);
  allowed.info.aws_role_arn = RequiredEnv("FLOWFILE_TEST_S3_SECURE_ROLE_ARN");
  const ConnectionTestResult works = Run(allowed);
  EXPECT_TRUE(works.ok) << works.message;

  Connection refused = Host(AuthMethod::kIamRole);
  refused.info.aws_role_arn = RequiredEnv("FLOWFILE_TEST_S3_SECURE_DENIED_ROLE_ARN");
  const ConnectionTestResult denied = Run(refused);
  EXPECT_FALSE(denied.ok);
  EXPECT_EQ(denied.error_code, "access_denied") << denied.message;
}

}  // namespace
}  // namespace flowfile::cloud
