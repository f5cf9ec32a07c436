// Connection tests, browsing and error mapping against moto's S3 servers:
// the plain one (any key works) and the TLS + IAM one (moto-secure).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "src/cloud/connection_test.h"
#include "src/io/scan.h"
#include "tests/cloud/s3_test_env.h"

namespace flowfile::cloud {
namespace {

using testing_support::kCanarySecret;

// A loopback port with nothing listening on it.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

void ExpectNoCanary(const std::string& text) {
  EXPECT_EQ(text.find(kCanarySecret), std::string::npos) << text;
  EXPECT_EQ(text.find("CANARY%2Fs3cr3t"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
}

ScanRequest ParquetRequest(std::string path) {
  ScanRequest request;
  request.path = std::move(path);
  return request;
}

ScanRequest CsvRequest(std::string path) {
  ScanRequest request = ParquetRequest(std::move(path));
  request.format = FileFormat::kCsv;
  return request;
}

ConnectionTestResult RunTest(const Connection& connection, std::string_view path) {
  const CloudStorage storage = testing_support::OpenOrFail(connection);
  auto result = TestConnection(storage, path);
  EXPECT_TRUE(result.ok());
  return result.ok() ? *result : ConnectionTestResult{};
}

TEST(S3ConnectionTest, SucceedsWithTheRightKeys) {
  const Connection connection = testing_support::SecureMotoConnection();
  Connection unsafe = connection;
  unsafe.info.aws_allow_unsafe_html = true;  // moto-secure's certificate is self-signed
  const std::string bucket = testing_support::UniqueBucket("right-keys");
  testing_support::CreateBucket(unsafe, bucket);
  const ConnectionTestResult root = RunTest(unsafe, "");
  EXPECT_TRUE(root.ok) << root.message;
  EXPECT_EQ(root.check, "list s3://");
  const ConnectionTestResult in_bucket = RunTest(unsafe, "s3://" + bucket);
  EXPECT_TRUE(in_bucket.ok) << in_bucket.message;
  EXPECT_EQ(in_bucket.check, "head s3://" + bucket);
}

TEST(S3ConnectionTest, WrongSecretIsAccessDenied) {
  Connection connection = testing_support::SecureMotoConnection();
  connection.info.aws_allow_unsafe_html = true;
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanarySecret));
  const ConnectionTestResult result = RunTest(connection, "");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_code, "access_denied");
  EXPECT_NE(result.message.find("Access denied to s3://"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("verify credentials and permissions"), std::string::npos) << result.message;
  ExpectNoCanary(result.message);
}

TEST(S3ConnectionTest, UnknownKeyIdIsAccessDeniedOnRead) {
  Connection good = testing_support::SecureMotoConnection();
  good.info.aws_allow_unsafe_html = true;
  const std::string bucket = testing_support::UniqueBucket("unknown-key");
  testing_support::CreateBucket(good, bucket);
  Connection bad = good;
  bad.info.aws_access_key_id = "AKIAUNKNOWNKEY000000";
  bad.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanarySecret));
  const CloudStorage storage = testing_support::OpenOrFail(bad);
  auto scanned = io::Scan(storage, ParquetRequest("s3://" + bucket + "/data.parquet"));
  ASSERT_FALSE(scanned.ok());
  EXPECT_EQ(scanned.error().code(), ErrorCode::kAccessDenied) << scanned.error().message();
  EXPECT_EQ(scanned.error().message(),
            "Access denied to s3://" + bucket + "/data.parquet: verify credentials and permissions.");
}

TEST(S3ConnectionTest, MissingBucketIsNotFoundNamingTheBucket) {
  const std::string bucket = testing_support::UniqueBucket("no-such-bucket");
  const ConnectionTestResult result = RunTest(testing_support::MotoConnection(), "s3://" + bucket + "/key.csv");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_code, "path_not_found");
  EXPECT_NE(result.message.find("Bucket '" + bucket + "' not found"), std::string::npos) << result.message;

  const CloudStorage storage = testing_support::OpenOrFail(testing_support::MotoConnection());
  auto scanned = io::Scan(storage, CsvRequest("s3://" + bucket + "/key.csv"));
  ASSERT_FALSE(scanned.ok());
  EXPECT_EQ(scanned.error().code(), ErrorCode::kPathNotFound);
  EXPECT_NE(scanned.error().message().find("'" + bucket + "'"), std::string::npos) << scanned.error().message();
}

TEST(S3ConnectionTest, MissingKeyIsNotFoundNamingTheKey) {
  const Connection connection = testing_support::MotoConnection();
  const std::string bucket = testing_support::UniqueBucket("missing-key");
  testing_support::CreateBucket(connection, bucket);
  const ConnectionTestResult result = RunTest(connection, "s3://" + bucket + "/absent.parquet");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_code, "path_not_found");
  EXPECT_NE(result.message.find("s3://" + bucket + "/absent.parquet does not exist"), std::string::npos)
      << result.message;
}

TEST(S3ConnectionTest, ClosedPortIsInvalidEndpoint) {
  Connection connection = testing_support::MotoConnection(kCanarySecret);
  connection.info.endpoint_url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  const auto started = std::chrono::steady_clock::now();
  const ConnectionTestResult result = RunTest(connection, "s3://bucket/key");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_code, "invalid_endpoint");
  EXPECT_EQ(result.message,
            "Invalid endpoint " + connection.info.endpoint_url + ": connection refused by this S3 endpoint.");
  EXPECT_EQ(result.remedy, (Remedy{"endpoint_url", std::nullopt}));
}

TEST(S3ConnectionTest, UnresolvableHostIsInvalidEndpoint) {
  Connection connection = testing_support::MotoConnection(kCanarySecret);
  connection.info.endpoint_url = "http://flowfile-no-such-host.invalid:9000";
  const ConnectionTestResult result = RunTest(connection, "s3://bucket/key");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_code, "invalid_endpoint");
  EXPECT_NE(result.message.find("DNS failure"), std::string::npos) << result.message;
}

TEST(S3ConnectionTest, SelfSignedCertificateFailsVerificationUnlessUnsafeIsAllowed) {
  const Connection verified = testing_support::SecureMotoConnection();
  const ConnectionTestResult refused = RunTest(verified, "");
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error_code, "tls_verification_failed");
  EXPECT_NE(refused.message.find("SSL verification failed for " + verified.info.endpoint_url), std::string::npos)
      << refused.message;
  EXPECT_EQ(refused.remedy, (Remedy{"aws_allow_unsafe_html", true}));

  Connection unsafe = verified;
  unsafe.info.aws_allow_unsafe_html = true;
  const ConnectionTestResult accepted = RunTest(unsafe, "");
  EXPECT_TRUE(accepted.ok) << accepted.message;
}

TEST(S3ConnectionTest, PathOfAnotherStorageTypeIsInvalidArgument) {
  const CloudStorage storage = testing_support::OpenOrFail(testing_support::MotoConnection());
  auto result = TestConnection(storage, "gs://bucket/key");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidArgument);
}

// Every failure path with the canary as the secret: denied, refused, TLS,
// missing bucket; through test, browse, scan and write.
TEST(S3ConnectionTest, CanarySecretNeverAppearsInAnyMessage) {
  // Each connection with the error every call must end in: a call that
  // succeeded, or failed another way, would leave this test's path unproved.
  std::vector<std::pair<Connection, ErrorCode>> cases;
  Connection denied = testing_support::SecureMotoConnection();
  denied.info.aws_allow_unsafe_html = true;
  denied.secrets.set(SecretField::kAwsSecretAccessKey, Secret(kCanarySecret));
  cases.emplace_back(denied, ErrorCode::kAccessDenied);
  Connection tls = denied;
  tls.info.aws_allow_unsafe_html = false;
  cases.emplace_back(tls, ErrorCode::kTlsVerificationFailed);
  Connection refused = testing_support::MotoConnection(kCanarySecret);
  refused.info.endpoint_url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  cases.emplace_back(refused, ErrorCode::kInvalidEndpoint);
  cases.emplace_back(testing_support::MotoConnection(kCanarySecret), ErrorCode::kPathNotFound);
  const std::string bucket = testing_support::UniqueBucket("canary-missing");
  for (const auto& [connection, expected] : cases) {
    const std::string name(ErrorCodeName(expected));
    const CloudStorage storage = testing_support::OpenOrFail(connection);
    const ConnectionTestResult tested = RunTest(connection, "s3://" + bucket + "/k");
    EXPECT_FALSE(tested.ok) << name;
    EXPECT_EQ(tested.error_code, name) << tested.message;
    ExpectNoCanary(tested.message);
    auto page = Browse(storage, "s3://" + bucket, "", 10);
    ASSERT_FALSE(page.ok()) << name;
    EXPECT_EQ(page.error().code(), expected) << page.error().message();
    ExpectNoCanary(page.error().message());
    auto scanned = io::Scan(storage, ParquetRequest("s3://" + bucket + "/k.parquet"));
    ASSERT_FALSE(scanned.ok()) << name;
    EXPECT_EQ(scanned.error().code(), expected) << scanned.error().message();
    ExpectNoCanary(scanned.error().message());
    ExpectNoCanary(scanned.error().ToString());
  }
}

TEST(S3Browse, ListsBucketsAtTheRootAndPagesThroughPrefixes) {
  const Connection connection = testing_support::MotoConnection();
  const std::string bucket = testing_support::UniqueBucket("browse");
  testing_support::CreateBucket(connection, bucket);
  const CloudStorage storage = testing_support::OpenOrFail(connection);
  for (const char* key : {"a.csv", "b.csv", "c.csv", "dir1/x.csv", "dir2/y.csv", "dir2/deeper/z.csv"}) {
    auto out = storage.fs->OpenOutputStream(bucket + "/" + key);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write("x,y\n1,2\n").ok());
    ASSERT_TRUE((*out)->Close().ok());
  }
  auto root = Browse(storage, "", "", 1000);
  ASSERT_TRUE(root.ok()) << root.error().message();
  bool found = false;
  for (const BrowseEntry& entry : root->entries) found |= entry.path == "s3://" + bucket + "/";
  EXPECT_TRUE(found);

  std::vector<BrowseEntry> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = Browse(storage, "s3://" + bucket, token, 2);
    ASSERT_TRUE(page.ok()) << page.error().message();
    EXPECT_LE(page->entries.size(), 2u);
    seen.insert(seen.end(), page->entries.begin(), page->entries.end());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen[0].path, "s3://" + bucket + "/dir1/");
  EXPECT_TRUE(seen[0].is_directory);
  EXPECT_EQ(seen[1].path, "s3://" + bucket + "/dir2/");
  EXPECT_EQ(seen[2].path, "s3://" + bucket + "/a.csv");
  EXPECT_FALSE(seen[2].is_directory);
  EXPECT_EQ(seen[2].size, 8);
  EXPECT_EQ(seen[4].path, "s3://" + bucket + "/c.csv");
}

TEST(S3Browse, PagesNameTheirPlaceParentKindsAndDeltaTables) {
  const Connection connection = testing_support::MotoConnection();
  const std::string bucket = testing_support::UniqueBucket("browse-shape");
  testing_support::CreateBucket(connection, bucket);
  const CloudStorage storage = testing_support::OpenOrFail(connection);
  for (const char* key : {"t/_delta_log/0.json", "t/part.parquet", "t/sub/x.csv"}) {
    auto out = storage.fs->OpenOutputStream(bucket + "/" + key);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write("{}\n").ok());
    ASSERT_TRUE((*out)->Close().ok());
  }
  auto root = Browse(storage, "", "", 1000);
  ASSERT_TRUE(root.ok()) << root.error().message();
  EXPECT_TRUE(root->is_root);
  EXPECT_EQ(root->path, "s3://");
  EXPECT_EQ(root->parent_path, "");
  for (const BrowseEntry& entry : root->entries) EXPECT_EQ(entry.kind, BrowseEntryKind::kContainer) << entry.path;

  auto table = Browse(storage, "s3://" + bucket + "/t/", "", 10);
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_FALSE(table->is_root);
  EXPECT_EQ(table->path, "s3://" + bucket + "/t");
  EXPECT_EQ(table->parent_path, "s3://" + bucket);
  EXPECT_TRUE(table->is_delta_table);
  ASSERT_EQ(table->entries.size(), 3u);
  EXPECT_EQ(table->entries[0].name, "_delta_log");
  EXPECT_EQ(table->entries[0].kind, BrowseEntryKind::kPrefix);
  EXPECT_FALSE(table->entries[0].modified_unix_ms.has_value());
  EXPECT_EQ(table->entries[2].name, "part.parquet");
  EXPECT_EQ(table->entries[2].kind, BrowseEntryKind::kObject);
  EXPECT_TRUE(table->entries[2].modified_unix_ms.has_value());

  auto bucket_page = Browse(storage, "s3://" + bucket, "", 10);
  ASSERT_TRUE(bucket_page.ok());
  EXPECT_EQ(bucket_page->parent_path, "s3://");
  EXPECT_FALSE(bucket_page->is_delta_table);
}

TEST(S3Browse, RefusesAPageTokenOfAnotherListing) {
  const Connection connection = testing_support::MotoConnection();
  const std::string bucket = testing_support::UniqueBucket("browse-token");
  testing_support::CreateBucket(connection, bucket);
  const CloudStorage storage = testing_support::OpenOrFail(connection);
  for (const std::string token : {"bogus-token", "d:", "f:another-bucket/x.csv"}) {
    auto page = Browse(storage, "s3://" + bucket, token, 10);
    ASSERT_FALSE(page.ok()) << token;
    EXPECT_EQ(page.error().code(), ErrorCode::kInvalidArgument) << token;
    EXPECT_EQ(page.error().field(), "page_token") << token;
  }
}

TEST(S3Browse, MissingBucketIsNotFound) {
  const CloudStorage storage = testing_support::OpenOrFail(testing_support::MotoConnection());
  const std::string bucket = testing_support::UniqueBucket("browse-missing");
  auto page = Browse(storage, "s3://" + bucket, "", 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code(), ErrorCode::kPathNotFound);
  EXPECT_NE(page.error().message().find(bucket), std::string::npos) << page.error().message();
}

}  // namespace
}  // namespace flowfile::cloud
