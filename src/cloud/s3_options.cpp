#include "src/cloud/s3_options.h"

#include "src/cloud/aws_profile.h"
#include "src/cloud/endpoint_url.h"
#include "src/cloud/s3_runtime.h"

namespace flowfile::cloud {
namespace {

// Fail fast on a dead endpoint instead of the SDK's ten retries with backoff.
constexpr int kMaxAttempts = 3;
constexpr double kConnectTimeoutSeconds = 5;

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

Result<arrow::fs::S3Options> CredentialOptions(const Connection& connection) {
  const ConnectionInfo& info = connection.info;
  const ConnectionSecrets& secrets = connection.secrets;
  switch (info.auth_method) {
    case AuthMethod::kAccessKey:
      return arrow::fs::S3Options::FromAccessKey(
          info.aws_access_key_id, std::string(secrets.get(SecretField::kAwsSecretAccessKey).reveal()),
          std::string(secrets.get(SecretField::kAwsSessionToken).reveal()));
    case AuthMethod::kEnvVars:
      return arrow::fs::S3Options::Defaults();
    case AuthMethod::kIamRole:
      if (!info.aws_access_key_id.empty()) {
        return Error(ErrorCode::kInvalidArgument,
                     "iam_role with aws_access_key_id is not supported yet: remove the key pair so the role is "
                     "assumed with the default AWS credential chain (environment, ~/.aws, instance profile).",
                     "aws_access_key_id");
      }
      return arrow::fs::S3Options::FromAssumeRole(info.aws_role_arn, "flowfile");
    case AuthMethod::kAwsCli: {
      const std::optional<AwsProfile> profile = ReadAwsProfile(info.aws_profile);
      if (!profile) {
        if (info.aws_profile.empty()) return arrow::fs::S3Options::Defaults();
        return Invalid("AWS profile '" + info.aws_profile +
                       "' is not in ~/.aws/credentials or ~/.aws/config: run `aws configure --profile " +
                       info.aws_profile + "` or fix aws_profile.");
      }
      if (profile->access_key_id.empty() || profile->secret_access_key.empty()) {
        if (info.aws_profile.empty() && profile->unsupported.empty()) return arrow::fs::S3Options::Defaults();
        return Invalid("AWS profile '" + (info.aws_profile.empty() ? "default" : info.aws_profile) +
                       "' has no static keys" +
                       (profile->unsupported.empty() ? "" : " (it uses " + profile->unsupported + ")") +
                       ": use auth_method iam_role or env_vars for such profiles.");
      }
      arrow::fs::S3Options options = arrow::fs::S3Options::FromAccessKey(
          profile->access_key_id, std::string(profile->secret_access_key.reveal()),
          std::string(profile->session_token.reveal()));
      if (info.aws_region.empty()) options.region = profile->region;
      return options;
    }
    default:
      return InvalidField(
          "auth_method", std::string(AuthMethodName(info.auth_method)) + " is not available for storage_type s3.");
  }
}

}  // namespace

Result<arrow::fs::S3Options> BuildS3Options(const Connection& connection) {
  const ConnectionInfo& info = connection.info;
  FLOWFILE_RETURN_IF_ERROR(EnsureS3Ready());  // credential providers need the AWS SDK
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::S3Options options, CredentialOptions(connection));
  if (!info.aws_region.empty()) options.region = info.aws_region;
  if (!info.endpoint_url.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
    options.endpoint_override = endpoint.authority;
    options.scheme = endpoint.scheme;
    // A custom service has one region at most; without this the SDK may
    // probe instance metadata for one.
    if (options.region.empty()) options.region = "us-east-1";
  }
  options.tls_verify_certificates = !info.aws_allow_unsafe_html && info.verify_ssl;
  options.connect_timeout = kConnectTimeoutSeconds;
  options.retry_strategy = arrow::fs::S3RetryStrategy::GetAwsStandardRetryStrategy(kMaxAttempts);
  options.allow_bucket_creation = false;
  options.allow_bucket_deletion = false;
  // Opens wait for the first byte: an object smaller than one part (10 MiB)
  // leaves as one PUT instead of a multipart create, upload and complete,
  // and a read needs no request before its first range. A missing bucket is
  // then reported by the write's close, mapped the same way.
  options.allow_delayed_open = true;
  return options;
}

}  // namespace flowfile::cloud
