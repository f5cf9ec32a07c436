// Shared set-up of the connection store tests: a store in a fresh temp
// directory, keyrings of made-up keys, and sample connections.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection_store.h"
#include "flowfile/keyring.h"
#include "src/store/sqlite/sqlite_database.h"
#include "tests/support/temp_directory.h"

namespace flowfile::store_testing {

// A value that must never show up in a file, message or log.
inline constexpr std::string_view kCanary = "CANARY-q7Zt2Lw9-sEcReT-vAlUe-0xF00D";

// A keyring whose version v is 32 copies of `seed + v` (distinct, known keys).
inline std::shared_ptr<const Keyring> MakeKeyring(std::vector<std::uint32_t> versions, char seed = 'k') {
  std::vector<MasterKey> keys;
  for (std::uint32_t version : versions) {
    keys.push_back({version, Secret(std::string(kMasterKeySize, static_cast<char>(seed + version)))});
  }
  auto keyring = Keyring::FromKeys(std::move(keys));
  EXPECT_TRUE(keyring.ok()) << keyring.error().message();
  return *keyring;
}

// An S3 access-key connection whose secret key is `secret`.
inline Connection S3Connection(std::string name, std::string_view secret = kCanary) {
  Connection connection;
  connection.info.connection_name = std::move(name);
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "eu-west-1";
  connection.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret(secret));
  return connection;
}

// A value for `field` that contains the canary, distinct per field (a SAS
// token must still read as one: name=value pairs with a signature).
inline Secret CanarySecret(SecretField field) {
  const std::string canary = std::string(kCanary) + "-" + std::string(SecretFieldName(field));
  if (field == SecretField::kAzureSasToken) return Secret("sv=2020-08-04&sig=" + canary);
  return Secret(canary);
}

// One valid connection per auth method, together filling every public field
// with a non-default value and every secret field with a canary value.
inline std::vector<Connection> EveryFieldConnections() {
  using enum SecretField;
  auto make = [](std::string name, StorageType storage, AuthMethod method) {
    Connection connection;
    connection.info.connection_name = std::move(name);
    connection.info.storage_type = storage;
    connection.info.auth_method = method;
    return connection;
  };
  std::vector<Connection> all;

  Connection s3_key = make("s3 access key", StorageType::kS3, AuthMethod::kAccessKey);
  s3_key.info.aws_region = "eu-central-1";
  s3_key.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  s3_key.info.endpoint_url = "http://127.0.0.1:9000";
  s3_key.info.aws_allow_unsafe_html = true;
  s3_key.info.verify_ssl = false;
  s3_key.secrets.set(kAwsSecretAccessKey, CanarySecret(kAwsSecretAccessKey));
  s3_key.secrets.set(kAwsSessionToken, CanarySecret(kAwsSessionToken));
  all.push_back(std::move(s3_key));

  Connection s3_role = make("s3 role", StorageType::kS3, AuthMethod::kIamRole);
  s3_role.info.aws_role_arn = "arn:aws:iam::123456789012:role/reader";
  s3_role.info.aws_region = "us-east-1";
  all.push_back(std::move(s3_role));

  Connection s3_cli = make("s3 cli", StorageType::kS3, AuthMethod::kAwsCli);
  s3_cli.info.aws_profile = "analytics";
  all.push_back(std::move(s3_cli));

  Connection adls_key = make("adls key", StorageType::kAdls, AuthMethod::kAccessKey);
  adls_key.info.azure_account_name = "lakeaccount";
  adls_key.secrets.set(kAzureAccountKey, CanarySecret(kAzureAccountKey));
  all.push_back(std::move(adls_key));

  Connection adls_sas = make("adls sas", StorageType::kAdls, AuthMethod::kSasToken);
  adls_sas.info.azure_account_name = "lakeaccount";
  adls_sas.secrets.set(kAzureSasToken, CanarySecret(kAzureSasToken));
  all.push_back(std::move(adls_sas));

  Connection adls_principal = make("adls principal", StorageType::kAdls, AuthMethod::kServicePrincipal);
  adls_principal.info.azure_account_name = "lakeaccount";
  adls_principal.info.azure_tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  adls_principal.info.azure_client_id = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
  adls_principal.secrets.set(kAzureClientSecret, CanarySecret(kAzureClientSecret));
  all.push_back(std::move(adls_principal));

  Connection gcs = make("gcs account", StorageType::kGcs, AuthMethod::kServiceAccount);
  gcs.info.gcs_project_id = "analytics-prod";
  gcs.info.endpoint_url = "https://storage.example.test";
  gcs.secrets.set(kGcsServiceAccountKey, CanarySecret(kGcsServiceAccountKey));
  all.push_back(std::move(gcs));
  return all;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Open(keyring_); }

  std::filesystem::path store_path() const { return dir_.path() / "flowfile.db"; }

  std::unique_ptr<ConnectionStore> Open(std::shared_ptr<const Keyring> keyring) {
    auto opened = OpenSqliteStore({store_path(), std::move(keyring)});
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  // A second, raw SQLite connection to the store file, to look at or
  // damage what is on disk.
  std::unique_ptr<sqlite::Database> Raw() {
    auto db = sqlite::Database::Open(store_path());
    EXPECT_TRUE(db.ok()) << db.error().message();
    return db.ok() ? std::move(*db) : nullptr;
  }

  ConnectionInfo MustCreate(UserId user, const Connection& connection) {
    auto created = store_->Create(user, connection);
    EXPECT_TRUE(created.ok()) << created.error().message();
    return created.ok() ? *created : ConnectionInfo{};
  }

  testing_support::TempDirectory dir_;
  std::shared_ptr<const Keyring> keyring_ = MakeKeyring({1});
  std::unique_ptr<ConnectionStore> store_;
};

}  // namespace flowfile::store_testing
