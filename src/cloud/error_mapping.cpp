#include "src/cloud/error_mapping.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "flowfile/connection_rules.h"
#include "src/cloud/cloud_path.h"
#include "src/cloud/providers.h"

namespace flowfile::cloud {
namespace {

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view needle) { return text.find(needle) != std::string_view::npos; });
}

// Failures every provider reports alike, found in the text Arrow passes on
// from curl, the HTTP layer and the file readers.
enum class Kind { kRefused, kDns, kTls, kTimeout, kBadFormat, kOther };

Kind CommonKind(std::string_view text) {
  if (ContainsAny(text, {"curlCode: 60", "curlCode: 35", "curlCode: 51", "curlCode: 58", "curlCode: 77",
                         "SSL peer certificate", "SSL certificate problem", "certificate verify failed",
                         "SSL connect error", "self-signed certificate", "self signed certificate"})) {
    return Kind::kTls;
  }
  if (ContainsAny(text, {"curlCode: 7,", "Couldn't connect to server", "Connection refused", "curlCode: 7 "})) {
    return Kind::kRefused;
  }
  if (ContainsAny(text, {"curlCode: 6,", "Couldn't resolve host", "Could not resolve host",
                         "Name or service not known", "curlCode: 3,", "URL using bad/illegal format"})) {
    return Kind::kDns;
  }
  if (ContainsAny(text, {"curlCode: 28", "Timeout was reached", "timed out", "SlowDown", "TooManyRequests",
                         "ServiceUnavailable"})) {
    return Kind::kTimeout;
  }
  if (ContainsAny(text,
                  {"Parquet magic bytes not found", "Couldn't deserialize thrift", "Parquet file size is",
                   "CSV parse error", "JSON parse error", "straddling object straddles", "Invalid: Empty CSV file",
                   "Could not open Parquet input source", "Unexpected end of stream"})) {
    return Kind::kBadFormat;
  }
  return Kind::kOther;
}

// An endpoint that cannot be reached: the connection's endpoint_url is what
// the user checks (a remedy without a value).
const Remedy kCheckEndpoint{"endpoint_url", std::nullopt};

Error EndpointError(const ErrorContext& context, Kind kind) {
  const std::string endpoint = EndpointForMessages(context.connection);
  const Provider& provider = ProviderOf(context.connection.storage_type);
  switch (kind) {
    case Kind::kTls:
      return Error(ErrorCode::kTlsVerificationFailed,
                   "SSL verification failed for " + endpoint +
                       ": the server's certificate is not trusted (self-signed, expired or for another host).")
          .WithRemedy(UnsafeEndpointRemedy(context.connection.storage_type));
    case Kind::kRefused:
      return Error(ErrorCode::kInvalidEndpoint, "Invalid endpoint " + endpoint + ": connection refused by this " +
                                                    std::string(provider.label) + " endpoint.")
          .WithRemedy(kCheckEndpoint);
    case Kind::kDns:
      return Error(ErrorCode::kInvalidEndpoint, "Invalid endpoint " + endpoint + ": DNS failure or bad URL.")
          .WithRemedy(kCheckEndpoint);
    case Kind::kTimeout:
      return Error(ErrorCode::kUnavailable, "The storage service at " + endpoint +
                                                " did not answer in time or asked to slow down; try again.");
    default:
      return Error(ErrorCode::kInternal, "unreachable");
  }
}

Error BadFormat(const ErrorContext& context, const arrow::Status& status) {
  return Error(ErrorCode::kInvalidArgument,
               context.uri + " is not a valid file of the requested format: " + status.message());
}

Error Other(const ErrorContext& context, const arrow::Status& status) {
  const std::string_view provider = ProviderOf(context.connection.storage_type).label;
  return Error(ErrorCode::kInternal,
               std::string(provider) + " request for " + context.uri + " failed: " + status.message());
}

std::string BucketOf(const ErrorContext& context) {
  auto path = ParseCloudPath(context.uri);
  return path.ok() ? path->bucket() : std::string();
}

Error NotFound(const ErrorContext& context, bool bucket_missing) {
  const std::string bucket = BucketOf(context);
  const std::string_view bucket_word = ProviderOf(context.connection.storage_type).bucket_word;
  if (bucket_missing && !bucket.empty()) {
    return Error(ErrorCode::kPathNotFound, std::string(bucket_word) + " '" + bucket + "' not found (" +
                                               context.uri +
                                               "): check the name and the connection's region or account.");
  }
  return Error(ErrorCode::kPathNotFound, "Not found: " + context.uri + " does not exist.");
}

Error AccessDenied(const ErrorContext& context) {
  return Error(ErrorCode::kAccessDenied,
               "Access denied to " + context.uri + ": verify credentials and permissions.");
}

}  // namespace

std::string EndpointForMessages(const ConnectionInfo& connection) {
  if (!connection.endpoint_url.empty()) return connection.endpoint_url;
  switch (connection.storage_type) {
    case StorageType::kS3:
      return connection.aws_region.empty() ? "https://s3.amazonaws.com"
                                           : "https://s3." + connection.aws_region + ".amazonaws.com";
    case StorageType::kGcs:
      return "https://storage.googleapis.com";
    case StorageType::kAdls:
      return "https://" + connection.azure_account_name + ".dfs.core.windows.net";
  }
  return "";
}

Error MapS3Error(const arrow::Status& status, const ErrorContext& context) {
  const std::string& text = status.message();
  if (ContainsAny(text, {"ACCESS_DENIED", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
                         "INVALID_ACCESS_KEY_ID", "SIGNATURE_DOES_NOT_MATCH", "HTTP status 403", "[code 403]",
                         "ExpiredToken", "InvalidToken", "Forbidden"})) {
    return AccessDenied(context);
  }
  if (ContainsAny(text, {"NoSuchBucket", "NO_SUCH_BUCKET", "Bucket '", "bucket does not exist"}) &&
      ContainsAny(text, {"NoSuchBucket", "NO_SUCH_BUCKET", "not found", "does not exist"})) {
    return NotFound(context, true);
  }
  if (status.IsIOError() && ContainsAny(text, {"Path does not exist", "NoSuchKey", "NO_SUCH_KEY", "[code 404]",
                                               "HTTP status 404", "RESOURCE_NOT_FOUND"})) {
    return NotFound(context, false);
  }
  const Kind kind = CommonKind(text);
  if (kind == Kind::kBadFormat) return BadFormat(context, status);
  if (kind != Kind::kOther) return EndpointError(context, kind);
  return Other(context, status);
}

Error MapGcsError(const arrow::Status& status, const ErrorContext& context) {
  const std::string& text = status.message();
  if (ContainsAny(text, {"PERMISSION_DENIED", "UNAUTHENTICATED", "status 403", "status 401", "Forbidden",
                         "invalid_grant", "Invalid JWT"})) {
    return AccessDenied(context);
  }
  if (ContainsAny(text, {"NOT_FOUND", "Path does not exist", "status 404"})) {
    return NotFound(context, ContainsAny(text, {"bucket does not exist", "The specified bucket"}));
  }
  const Kind kind = CommonKind(text);
  if (kind == Kind::kBadFormat) return BadFormat(context, status);
  if (kind != Kind::kOther) return EndpointError(context, kind);
  return Other(context, status);
}

Error MapAzureError(const arrow::Status& status, const ErrorContext& context) {
  const std::string& text = status.message();
  if (ContainsAny(text, {"AuthenticationFailed", "AuthorizationFailure", "AuthorizationPermissionMismatch", "403 ",
                         "401 ", "InvalidAuthenticationInfo", "ClientSecretCredential"})) {
    return AccessDenied(context);
  }
  if (ContainsAny(text, {"ContainerNotFound", "FilesystemNotFound", "FileSystemNotFound"})) {
    return NotFound(context, true);
  }
  if (ContainsAny(text, {"BlobNotFound", "PathNotFound", "Path does not exist", "404 "})) {
    return NotFound(context, false);
  }
  const Kind kind = CommonKind(text);
  if (kind == Kind::kBadFormat) return BadFormat(context, status);
  if (kind != Kind::kOther) return EndpointError(context, kind);
  return Other(context, status);
}

Error MapCloudError(const arrow::Status& status, const ErrorContext& context, const SecretMasker& masker) {
  const Error error = ProviderOf(context.connection.storage_type).map_error(status, context);
  return masker.MaskError(error);
}

}  // namespace flowfile::cloud
