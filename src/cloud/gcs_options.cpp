#include "src/cloud/gcs_options.h"

#include "src/cloud/endpoint_url.h"

namespace flowfile::cloud {
namespace {

// Google's client retries for 15 minutes by default; a user waiting on a
// connection test or a read should hear about a dead endpoint sooner.
constexpr double kRetryLimitSeconds = 20;

}  // namespace

Result<arrow::fs::GcsOptions> BuildGcsOptions(const Connection& connection) {
  const ConnectionInfo& info = connection.info;
  arrow::fs::GcsOptions options;
  switch (info.auth_method) {
    case AuthMethod::kServiceAccount:
      options = arrow::fs::GcsOptions::FromServiceAccountCredentials(
          std::string(connection.secrets.get(SecretField::kGcsServiceAccountKey).reveal()));
      break;
    case AuthMethod::kEnvVars:
      options = arrow::fs::GcsOptions::Defaults();
      break;
    default:
      return InvalidField("auth_method", std::string(AuthMethodName(info.auth_method)) +
                                             " is not available for storage_type gcs.");
  }
  if (!info.endpoint_url.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
    options.endpoint_override = endpoint.authority;
    options.scheme = endpoint.scheme;
  }
  if (!info.gcs_project_id.empty()) options.project_id = info.gcs_project_id;
  options.retry_limit_seconds = kRetryLimitSeconds;
  return options;
}

}  // namespace flowfile::cloud
