#include "src/cloud/error_mapping.h"

#include <gtest/gtest.h>

namespace flowfile::cloud {
namespace {

struct MappingCase {
  std::string name;
  arrow::Status status;
  ErrorCode code;
  std::string expected_text;
  // The setting the error names as its fix, as data (messages stay neutral).
  std::optional<Remedy> remedy = std::nullopt;
};

ConnectionInfo S3Info() {
  ConnectionInfo info;
  info.connection_name = "lake";
  info.storage_type = StorageType::kS3;
  info.endpoint_url = "https://minio.local:9000";
  return info;
}

class MapsS3Errors : public ::testing::TestWithParam<MappingCase> {};

// Messages as Arrow 26 produces them against S3 services.
TEST_P(MapsS3Errors, ToTheSeedsMessages) {
  const MappingCase& c = GetParam();
  const ConnectionInfo info = S3Info();
  const Error error = MapS3Error(c.status, ErrorContext{info, "s3://data-bucket/dir/file.parquet"});
  EXPECT_EQ(error.code(), c.code) << error.message();
  EXPECT_NE(error.message().find(c.expected_text), std::string::npos) << error.message();
  EXPECT_EQ(error.remedy(), c.remedy) << error.message();
  // No API identifier in the text a web user reads.
  EXPECT_EQ(error.message().find("endpoint_url"), std::string::npos) << error.message();
  EXPECT_EQ(error.message().find("aws_allow_unsafe_html"), std::string::npos) << error.message();
}

INSTANTIATE_TEST_SUITE_P(
    ArrowMessages, MapsS3Errors,
    ::testing::Values(
        MappingCase{"denied",
                    arrow::Status::IOError("When getting information for key 'k' in bucket 'b': AWS Error "
                                           "ACCESS_DENIED during HeadObject operation: No response body."),
                    ErrorCode::kAccessDenied,
                    "Access denied to s3://data-bucket/dir/file.parquet: verify credentials and permissions."},
        MappingCase{"bad_signature", arrow::Status::IOError("AWS Error [code 15]: SignatureDoesNotMatch ..."),
                    ErrorCode::kAccessDenied, "Access denied"},
        MappingCase{"no_bucket",
                    arrow::Status::IOError("When listing objects under key '' in bucket 'nobucket-x': AWS Error "
                                           "NO_SUCH_BUCKET during ListObjectsV2 operation: The specified bucket "
                                           "does not exist"),
                    ErrorCode::kPathNotFound, "Bucket 'data-bucket' not found"},
        MappingCase{
            "no_key",
            arrow::Status::IOError("Path does not exist 'data-bucket/dir/file.parquet'. Detail: [errno 2]"),
            ErrorCode::kPathNotFound, "s3://data-bucket/dir/file.parquet does not exist"},
        MappingCase{
            "refused",
            arrow::Status::IOError("AWS Error NETWORK_CONNECTION during HeadObject operation: curlCode: 7, "
                                   "Could not connect to server"),
            ErrorCode::kInvalidEndpoint,
            "Invalid endpoint https://minio.local:9000: connection refused by this S3 endpoint.",
            Remedy{"endpoint_url", std::nullopt}},
        MappingCase{
            "dns",
            arrow::Status::IOError("AWS Error NETWORK_CONNECTION during HeadObject operation: curlCode: 6, "
                                   "Could not resolve hostname"),
            ErrorCode::kInvalidEndpoint, "DNS failure", Remedy{"endpoint_url", std::nullopt}},
        MappingCase{
            "tls",
            arrow::Status::IOError("AWS Error NETWORK_CONNECTION during HeadObject operation: curlCode: 60, "
                                   "SSL peer certificate or SSH remote key was not OK"),
            ErrorCode::kTlsVerificationFailed, "the server's certificate is not trusted",
            Remedy{"aws_allow_unsafe_html", true}},
        MappingCase{
            "not_parquet",
            arrow::Status::Invalid("Could not open Parquet input source 'b/k': Parquet magic bytes not found "
                                   "in footer."),
            ErrorCode::kInvalidArgument, "is not a valid file"}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(ErrorMapping, MasksSecretsQuotedByTheProvider) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAwsSecretAccessKey, Secret("very/secret+key"));
  const SecretMasker masker(secrets);
  const ConnectionInfo info = S3Info();
  const Error error = MapCloudError(arrow::Status::IOError("weird failure with very%2Fsecret%2Bkey inside"),
                                    ErrorContext{info, "s3://b/k"}, masker);
  EXPECT_EQ(error.code(), ErrorCode::kInternal);
  EXPECT_EQ(error.message().find("secret"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("***"), std::string::npos);
}

TEST(ErrorMapping, MaskingKeepsTheRemedy) {
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAwsSecretAccessKey, Secret("very/secret+key"));
  const SecretMasker masker(secrets);
  ConnectionInfo info = S3Info();
  info.storage_type = StorageType::kGcs;
  const Error error =
      MapCloudError(arrow::Status::IOError("curlCode: 60, SSL peer certificate with very/secret+key"),
                    ErrorContext{info, "gs://b/k"}, masker);
  EXPECT_EQ(error.code(), ErrorCode::kTlsVerificationFailed);
  EXPECT_EQ(error.remedy(), (Remedy{"verify_ssl", false}));
}

TEST(ErrorMapping, NamesTheDefaultEndpointWhenNoneIsSet) {
  ConnectionInfo info;
  info.storage_type = StorageType::kS3;
  info.aws_region = "eu-west-1";
  EXPECT_EQ(EndpointForMessages(info), "https://s3.eu-west-1.amazonaws.com");
}

}  // namespace
}  // namespace flowfile::cloud
