// Azure service_principal end to end: the Azure SDK asks a token endpoint of
// this test's own (AZURE_AUTHORITY_HOST, on loopback) for a token with the
// connection's tenant, client id and client secret, and reads and writes on
// Azurite over TLS with that token (scripts/services/azurite-secure). The SDK
// insists on https for both, so the endpoint serves Azurite's certificate.
#include <arrow/api.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "src/cloud/connection_test.h"
#include "src/io/scan.h"
#include "src/io/write.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"

namespace flowfile::cloud {
namespace {

using testing_support::RequiredEnv;

constexpr const char* kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* kClientId = "flowfile-client";
constexpr const char* kClientSecret = "flowfile-CANARY-client-secret";
// Azurite's published development account key (not a secret).
constexpr const char* kAzuriteKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::string Base64Url(std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : data) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

// A token shaped as Microsoft Entra issues them for storage; Azurite's
// "basic" OAuth checks these claims and not the signature.
std::string StorageToken() {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::string claims = R"({"aud":"https://storage.azure.com","iss":"https://sts.windows.net/)" +
                             std::string(kTenant) + R"(/","iat":)" + std::to_string(now - 60) + R"(,"nbf":)" +
                             std::to_string(now - 60) + R"(,"exp":)" + std::to_string(now + 3600) +
                             R"(,"appid":")" + kClientId + R"("})";
  return Base64Url(R"({"alg":"RS256","typ":"JWT"})") + "." + Base64Url(claims) + "." + Base64Url("unsigned");
}

// The tenant's token endpoint: hands out a token for the right client
// secret only, and remembers what it was asked.
class TokenEndpoint {
 public:
  TokenEndpoint()
      : server_(RequiredEnv("FLOWFILE_TEST_AZURE_SECURE_CERT").c_str(),
                RequiredEnv("FLOWFILE_TEST_AZURE_SECURE_KEY").c_str()) {
    server_.Post(
        R"(/([^/]+)/oauth2/v2\.0/token)", [this](const httplib::Request& request, httplib::Response& response) {
          std::lock_guard lock(mutex_);
          tenants_.push_back(request.matches[1]);
          const bool known = request.get_param_value("client_id") == kClientId &&
                             request.get_param_value("client_secret") == kClientSecret &&
                             request.get_param_value("grant_type") == "client_credentials";
          scopes_.push_back(request.get_param_value("scope"));
          if (!known) {
            response.status = 401;
            response.set_content(R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client )"
                                 R"(secret provided."})",
                                 "application/json");
            return;
          }
          response.set_content(
              R"({"token_type":"Bearer","expires_in":3599,"access_token":")" + StorageToken() + R"("})",
              "application/json");
        });
    server_.set_keep_alive_max_count(1);  // no idle connection delays stop()
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bind_to_any_port already listens: a request made before the accept
    // loop starts waits in the backlog.
  }
  ~TokenEndpoint() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::vector<std::string> tenants() {
    std::lock_guard lock(mutex_);
    return tenants_;
  }
  std::vector<std::string> scopes() {
    std::lock_guard lock(mutex_);
    return scopes_;
  }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> tenants_;
  std::vector<std::string> scopes_;
};

Connection SecureAzurite(AuthMethod method) {
  Connection connection;
  connection.info.id = 31;
  connection.info.connection_name = "azurite-sp";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = method;
  connection.info.azure_account_name = "devstoreaccount1";
  connection.info.endpoint_url = RequiredEnv("FLOWFILE_TEST_AZURE_SECURE_ENDPOINT");
  if (method == AuthMethod::kAccessKey) {
    connection.secrets.set(SecretField::kAzureAccountKey, Secret(kAzuriteKey));
  } else {
    connection.info.azure_tenant_id = kTenant;
    connection.info.azure_client_id = kClientId;
    connection.secrets.set(SecretField::kAzureClientSecret, Secret(kClientSecret));
  }
  return connection;
}

std::string Uri(const std::string& container, const std::string& key) {
  return "abfss://" + container + "@devstoreaccount1.dfs.core.windows.net/" + key;
}

class AzureServicePrincipal : public ::testing::Test {
 protected:
  void SetUp() override {
    // Trust azurite-secure's self-signed certificate, and send the SDK's
    // token requests to the endpoint above: for this process only.
    setenv("SSL_CERT_FILE", RequiredEnv("FLOWFILE_TEST_AZURE_SECURE_CERT").c_str(), 1);
    setenv("AZURE_AUTHORITY_HOST", tokens_.url().c_str(), 1);
    const CloudStorage admin = testing_support::OpenOrFail(SecureAzurite(AuthMethod::kAccessKey));
    ASSERT_NE(admin.fs, nullptr);
    container_ = testing_support::UniqueBucket("sp");
    const arrow::Status created = admin.fs->CreateDir(container_);
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  TokenEndpoint tokens_;
  std::string container_;
};

TEST_F(AzureServicePrincipal, WritesAndReadsWithTheTenantsToken) {
  const CloudStorage storage = testing_support::OpenOrFail(SecureAzurite(AuthMethod::kServicePrincipal));
  ASSERT_NE(storage.fs, nullptr);
  auto tested = TestConnection(storage, Uri(container_, ""));
  ASSERT_TRUE(tested.ok()) << tested.error().message();
  EXPECT_TRUE(tested->ok) << tested->message;

  ArrowArrayStream stream;
  testing_support::ExportTable(testing_support::SampleTable(30), &stream);
  WriteRequest request;
  request.path = Uri(container_, "sp.parquet");
  auto written = io::Write(storage, request, &stream);
  ASSERT_TRUE(written.ok()) << written.error().message();
  ScanRequest scan;
  scan.path = request.path;
  auto frame = io::Scan(storage, scan);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  const auto read = testing_support::ReadAll(*frame);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->num_rows(), 30);

  const auto tenants = tokens_.tenants();
  ASSERT_FALSE(tenants.empty()) << "the SDK never asked the tenant's token endpoint";
  for (const std::string& tenant : tenants) EXPECT_EQ(tenant, kTenant);
  for (const std::string& scope : tokens_.scopes()) EXPECT_EQ(scope, "https://storage.azure.com/.default");
}

TEST_F(AzureServicePrincipal, AWrongClientSecretIsAccessDeniedWithoutTheSecret) {
  Connection connection = SecureAzurite(AuthMethod::kServicePrincipal);
  const std::string wrong = "flowfile-CANARY-wrong-secret";
  connection.secrets.set(SecretField::kAzureClientSecret, Secret(wrong));
  const CloudStorage storage = testing_support::OpenOrFail(connection);
  ASSERT_NE(storage.fs, nullptr);
  auto tested = TestConnection(storage, Uri(container_, "x.parquet"));
  ASSERT_TRUE(tested.ok()) << tested.error().message();
  EXPECT_FALSE(tested->ok);
  EXPECT_EQ(tested->error_code, "access_denied") << tested->message;
  EXPECT_EQ(tested->message.find(wrong), std::string::npos) << tested->message;
  EXPECT_FALSE(tokens_.tenants().empty());
}

}  // namespace
}  // namespace flowfile::cloud
