// Connections and buckets on the test S3 emulators (scripts/services/moto
// and moto-secure), shared by the cloud and io suites.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "flowfile/connection.h"
#include "src/cloud/filesystem_factory.h"
#include "src/cloud/s3_options.h"
#include "src/cloud/s3_runtime.h"

namespace flowfile::testing_support {

// A secret value that must never show up in any output. '/', '+' and '='
// also exercise the URL-encoded form.
inline constexpr const char* kCanarySecret = "flowfile-CANARY/s3cr3t+value=";

inline std::string RequiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name << " is not set: run the tests through scripts/test, which starts the test services "
                  << "(scripts/services/moto and moto-secure).";
    return "";
  }
  return value;
}

// An access_key connection to the plain-http moto server (any key works there).
inline Connection MotoConnection(std::string secret = kCanarySecret) {
  Connection connection;
  connection.info.id = 7;
  connection.info.connection_name = "moto";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "us-east-1";
  connection.info.aws_access_key_id = "AKIAFLOWFILETEST";
  connection.info.endpoint_url = RequiredEnv("FLOWFILE_TEST_S3_ENDPOINT");
  connection.info.aws_allow_unsafe_html = true;  // plain http on loopback
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret(secret));
  return connection;
}

// A connection to the TLS + IAM moto server with its real test key.
inline Connection SecureMotoConnection() {
  Connection connection;
  connection.info.id = 8;
  connection.info.connection_name = "moto-secure";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "us-east-1";
  connection.info.aws_access_key_id = RequiredEnv("FLOWFILE_TEST_S3_SECURE_KEY_ID");
  connection.info.endpoint_url = RequiredEnv("FLOWFILE_TEST_S3_SECURE_ENDPOINT");
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret(RequiredEnv("FLOWFILE_TEST_S3_SECURE_SECRET")));
  return connection;
}

// A fresh bucket name, so tests running in parallel never share one.
inline std::string UniqueBucket(const std::string& prefix) {
  static std::mt19937_64 generator{std::random_device{}()};
  return prefix + "-" + std::to_string(generator() % 1000000000000ULL);
}

// Creates `bucket` through Arrow with bucket creation allowed (flowfile's
// own filesystems never create buckets).
inline void CreateBucket(const Connection& connection, const std::string& bucket) {
  ASSERT_TRUE(cloud::EnsureS3Ready().ok());
  auto options = cloud::BuildS3Options(connection);
  ASSERT_TRUE(options.ok()) << options.error().message();
  options->allow_bucket_creation = true;
  auto fs = arrow::fs::S3FileSystem::Make(*options);
  ASSERT_TRUE(fs.ok()) << fs.status().ToString();
  ASSERT_TRUE((*fs)->CreateDir(bucket).ok());
}

inline cloud::CloudStorage OpenOrFail(const Connection& connection) {
  auto storage = cloud::OpenStorage(connection);
  if (!storage.ok()) {
    ADD_FAILURE() << storage.error().message();
    return {};
  }
  return *storage;
}

}  // namespace flowfile::testing_support
