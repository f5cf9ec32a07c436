// GCS (fake-gcs-server) and Azure (Azurite) through the same cloud and io
// paths as S3: open, test, browse, write, read, and map errors.
#include <arrow/api.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "src/cloud/connection_test.h"
#include "src/io/scan.h"
#include "src/io/scan_plan.h"
#include "src/io/write.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"

namespace flowfile::cloud {
namespace {

// Azurite's published development account key (not a secret).
constexpr const char* kAzuriteKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// A service account key file with a freshly generated RSA key: the Google
// client signs its own JWTs with it; the emulator accepts any token.
std::string ServiceAccountJson() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(key);
  std::string escaped;
  for (char c : pem) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  return R"({"type":"service_account","project_id":"flowfile-test","private_key_id":"kid-1",)"
         R"("private_key":")" +
         escaped +
         R"(","client_email":"tester@flowfile-test.iam.gserviceaccount.com",)"
         R"("client_id":"1","token_uri":"https://oauth2.googleapis.com/token"})";
}

Connection GcsConnection() {
  Connection connection;
  connection.info.id = 21;
  connection.info.connection_name = "fake-gcs";
  connection.info.storage_type = StorageType::kGcs;
  connection.info.auth_method = AuthMethod::kServiceAccount;
  connection.info.gcs_project_id = "flowfile-test";
  connection.info.endpoint_url = testing_support::RequiredEnv("FLOWFILE_TEST_GCS_ENDPOINT");
  connection.info.verify_ssl = false;  // plain http on loopback
  connection.secrets.set(SecretField::kGcsServiceAccountKey, Secret(ServiceAccountJson()));
  return connection;
}

Connection AzureConnection(std::string key = kAzuriteKey) {
  Connection connection;
  connection.info.id = 22;
  connection.info.connection_name = "azurite";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.azure_account_name = "devstoreaccount1";
  connection.info.endpoint_url = testing_support::RequiredEnv("FLOWFILE_TEST_AZURE_ENDPOINT");
  connection.info.verify_ssl = false;
  connection.secrets.set(SecretField::kAzureAccountKey, Secret(key));
  return connection;
}

struct EmulatorCase {
  std::string name;
  Connection (*connection)();
  std::string (*uri)(const std::string& bucket, const std::string& key);
};

std::string GcsUri(const std::string& bucket, const std::string& key) { return "gs://" + bucket + "/" + key; }
std::string AzureUri(const std::string& bucket, const std::string& key) {
  return "abfss://" + bucket + "@devstoreaccount1.dfs.core.windows.net/" + key;
}
Connection DefaultAzure() { return AzureConnection(); }

class Emulators : public ::testing::TestWithParam<EmulatorCase> {
 protected:
  void SetUp() override {
    storage_ = testing_support::OpenOrFail(GetParam().connection());
    ASSERT_NE(storage_.fs, nullptr);
    bucket_ = testing_support::UniqueBucket("emu");
    const arrow::Status created = storage_.fs->CreateDir(bucket_);
    ASSERT_TRUE(created.ok()) << created.ToString();
  }
  std::string Uri(const std::string& key) const { return GetParam().uri(bucket_, key); }

  CloudStorage storage_;
  std::string bucket_;
};

TEST_P(Emulators, WritesAndReadsBackEveryFormat) {
  for (FileFormat format : {FileFormat::kParquet, FileFormat::kCsv, FileFormat::kJson}) {
    const auto table = testing_support::SampleTable(500);
    ArrowArrayStream stream;
    testing_support::ExportTable(table, &stream, 100);
    WriteRequest request;
    request.path = Uri("data/table." + std::string(FileFormatName(format)));
    request.format = format;
    auto written = io::Write(storage_, request, &stream);
    ASSERT_TRUE(written.ok()) << written.error().message();
    EXPECT_EQ(written->rows, 500);
    EXPECT_EQ(written->path, request.path);
    ScanRequest scan;
    scan.path = request.path;
    scan.format = format;
    auto frame = io::Scan(storage_, scan);
    ASSERT_TRUE(frame.ok()) << frame.error().message();
    const auto read = testing_support::ReadAll(*frame);
    ASSERT_NE(read, nullptr);
    EXPECT_TRUE(read->Equals(*table)) << FileFormatName(format);
  }
  // No staging object is left next to the written ones.
  auto page = Browse(storage_, Uri("data"), "", 100);
  ASSERT_TRUE(page.ok()) << page.error().message();
  EXPECT_EQ(page->entries.size(), 3u);
}

TEST_P(Emulators, AppendAddsPartFilesAndFiltersPushDown) {
  for (int i = 0; i < 2; ++i) {
    ArrowArrayStream stream;
    testing_support::ExportTable(testing_support::SampleTable(50, i * 50), &stream);
    WriteRequest request;
    request.path = Uri("appended");
    request.mode = WriteMode::kAppend;
    auto written = io::Write(storage_, request, &stream);
    ASSERT_TRUE(written.ok()) << written.error().message();
  }
  ScanRequest scan;
  scan.path = Uri("appended");
  auto frame = io::Scan(storage_, scan);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  EXPECT_EQ(frame->plan().file_count, 2u);
  const auto read = testing_support::ReadAll(frame->Filter({"id", ColumnFilter::Op::kGe, std::int64_t{90}}));
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->num_rows(), 10);
}

TEST_P(Emulators, ConnectionTestAndMissingBucket) {
  auto works = TestConnection(storage_, Uri(""));
  ASSERT_TRUE(works.ok());
  EXPECT_TRUE(works->ok) << works->message;
  const std::string missing = testing_support::UniqueBucket("nobucket");
  ScanRequest scan;
  scan.path = GetParam().uri(missing, "x.parquet");
  auto frame = io::Scan(storage_, scan);
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code(), ErrorCode::kPathNotFound);
  EXPECT_NE(frame.error().message().find("'" + missing + "' not found"), std::string::npos)
      << frame.error().message();
}

INSTANTIATE_TEST_SUITE_P(GcsAndAzure, Emulators,
                         ::testing::Values(EmulatorCase{"gcs", &GcsConnection, &GcsUri},
                                           EmulatorCase{"azure", &DefaultAzure, &AzureUri}),
                         [](const auto& test_case) { return test_case.param.name; });

TEST(AzureErrors, WrongAccountKeyIsAccessDeniedWithoutTheKey) {
  // A base64 key (Azure requires one) that embeds the canary's letters.
  const std::string wrong_key = "RkxPV0ZJTEUtQ0FOQVJZLWF6dXJlLWtleQ==";
  const CloudStorage storage = testing_support::OpenOrFail(AzureConnection(wrong_key));
  auto result = TestConnection(storage, "az://anything/x.parquet");
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->error_code, "access_denied") << result->message;
  EXPECT_EQ(result->message.find(wrong_key), std::string::npos) << result->message;
  // The key decoded, as the SDK signs with it.
  EXPECT_EQ(result->message.find("FLOWFILE-CANARY-azure-key"), std::string::npos) << result->message;
}

std::string Encode(std::string_view value) {
  std::string encoded;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      constexpr const char* kHex = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return encoded;
}

// An account SAS for Azurite's account signed with `key` (base64), as the
// Azure portal shows it: a query string without the leading '?'. Its
// signature comes back in `signature` (decoded base64).
std::string AccountSas(const std::string& key, std::string* signature) {
  unsigned char raw_key[64];
  const int key_size =
      EVP_DecodeBlock(raw_key, reinterpret_cast<const unsigned char*>(key.data()), static_cast<int>(key.size()));
  const int padding = key.size() >= 2 ? (key[key.size() - 1] == '=') + (key[key.size() - 2] == '=') : 0;
  const std::string sv = "2020-08-04", ss = "b", srt = "sco", sp = "rwdlacup", se = "2099-01-01T00:00:00Z",
                    spr = "https,http";
  const std::string to_sign =
      "devstoreaccount1\n" + sp + "\n" + ss + "\n" + srt + "\n\n" + se + "\n\n" + spr + "\n" + sv + "\n";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), raw_key, key_size - padding, reinterpret_cast<const unsigned char*>(to_sign.data()),
       to_sign.size(), mac, &mac_size);
  unsigned char sig[128];
  const int sig_size = EVP_EncodeBlock(sig, mac, static_cast<int>(mac_size));
  *signature = std::string(reinterpret_cast<char*>(sig), static_cast<std::size_t>(sig_size));
  return "sv=" + sv + "&ss=" + ss + "&srt=" + srt + "&sp=" + sp + "&se=" + Encode(se) + "&spr=" + Encode(spr) +
         "&sig=" + Encode(*signature);
}

Connection AzureSasConnection(const std::string& token) {
  Connection connection = AzureConnection();
  connection.info.connection_name = "azurite-sas";
  connection.info.auth_method = AuthMethod::kSasToken;
  connection.secrets = ConnectionSecrets();
  connection.secrets.set(SecretField::kAzureSasToken, Secret(token));
  return connection;
}

class AzureSas : public ::testing::Test {
 protected:
  void SetUp() override {
    const CloudStorage admin = testing_support::OpenOrFail(AzureConnection());
    ASSERT_NE(admin.fs, nullptr);
    container_ = testing_support::UniqueBucket("sas");
    ASSERT_TRUE(admin.fs->CreateDir(container_).ok());
  }
  std::string container_;
};

TEST_F(AzureSas, WorksWithOrWithoutTheLeadingQuestionMark) {
  std::string signature;
  const std::string token = AccountSas(kAzuriteKey, &signature);
  for (const std::string& given : {token, "?" + token}) {
    const CloudStorage storage = testing_support::OpenOrFail(AzureSasConnection(given));
    ASSERT_NE(storage.fs, nullptr);
    auto works = TestConnection(storage, AzureUri(container_, ""));
    ASSERT_TRUE(works.ok());
    EXPECT_TRUE(works->ok) << works->message;
    ArrowArrayStream stream;
    testing_support::ExportTable(testing_support::SampleTable(20), &stream);
    WriteRequest request;
    request.path = AzureUri(container_, given.front() == '?' ? "with.parquet" : "without.parquet");
    auto written = io::Write(storage, request, &stream);
    ASSERT_TRUE(written.ok()) << written.error().message();
    ScanRequest scan;
    scan.path = request.path;
    auto frame = io::Scan(storage, scan);
    ASSERT_TRUE(frame.ok()) << frame.error().message();
    const auto read = testing_support::ReadAll(*frame);
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(read->num_rows(), 20);
  }
}

TEST_F(AzureSas, ErrorsCarryNeitherTheTokenNorItsSignature) {
  // Signed with another key: Azurite answers 403, and the SDK's message
  // quotes the request URL with the query it rebuilt.
  std::string signature;
  const std::string token =
      AccountSas("RkxPV0ZJTEUtQ0FOQVJZLWF6dXJlLWtleS0xMjM0NTY3ODkwMTIzNDU2Nzg5MA==", &signature);
  for (const std::string& given : {token, "?" + token}) {
    const CloudStorage storage = testing_support::OpenOrFail(AzureSasConnection(given));
    ASSERT_NE(storage.fs, nullptr);
    std::vector<std::string> messages;
    auto tested = TestConnection(storage, AzureUri(container_, "x.parquet"));
    ASSERT_TRUE(tested.ok());
    EXPECT_FALSE(tested->ok);
    messages.push_back(tested->message);
    auto listed = Browse(storage, AzureUri(container_, ""), "", 10);
    ASSERT_FALSE(listed.ok());
    messages.push_back(listed.error().message());
    ScanRequest scan;
    scan.path = AzureUri(container_, "x.parquet");
    auto frame = io::Scan(storage, scan);
    ASSERT_FALSE(frame.ok());
    messages.push_back(frame.error().message());
    // Names Azure refuses: these errors quote the request URL, whose query
    // the SDK rebuilt in sorted order.
    for (const char* odd : {"a", "Bad_Name"}) {
      auto odd_list = Browse(storage, AzureUri(odd, ""), "", 10);
      ASSERT_FALSE(odd_list.ok());
      EXPECT_NE(odd_list.error().message().find("sig=***"), std::string::npos) << odd_list.error().message();
      messages.push_back(odd_list.error().message());
    }
    for (const std::string& message : messages) {
      for (const std::string& leak : {token, signature, Encode(signature), signature.substr(0, 12)}) {
        EXPECT_EQ(message.find(leak), std::string::npos) << message;
      }
    }
  }
}

}  // namespace
}  // namespace flowfile::cloud
