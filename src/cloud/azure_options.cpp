#include "src/cloud/azure_options.h"

#include "src/cloud/endpoint_url.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

std::string Reveal(const Connection& connection, SecretField field) {
  return std::string(connection.secrets.get(field).reveal());
}

arrow::Status ConfigureCredential(const Connection& connection, arrow::fs::AzureOptions& options) {
  const ConnectionInfo& info = connection.info;
  switch (info.auth_method) {
    case AuthMethod::kAccessKey:
      return options.ConfigureAccountKeyCredential(Reveal(connection, SecretField::kAzureAccountKey));
    case AuthMethod::kSasToken: {
      // Arrow appends the token to the account URL as is: it must start the
      // query. Stored tokens have no '?' (CanonicalSecretValue); older rows may.
      const Secret token =
          CanonicalSecretValue(SecretField::kAzureSasToken, connection.secrets.get(SecretField::kAzureSasToken));
      return options.ConfigureSASCredential("?" + std::string(token.reveal()));
    }
    case AuthMethod::kServicePrincipal:
      return options.ConfigureClientSecretCredential(info.azure_tenant_id, info.azure_client_id,
                                                     Reveal(connection, SecretField::kAzureClientSecret));
    case AuthMethod::kManagedIdentity:
      return options.ConfigureManagedIdentityCredential(info.azure_client_id);
    default:
      return arrow::Status::Invalid("auth_method ", AuthMethodName(info.auth_method),
                                    " is not available for storage_type adls.");
  }
}

}  // namespace

Result<arrow::fs::AzureOptions> BuildAzureOptions(const Connection& connection) {
  const ConnectionInfo& info = connection.info;
  arrow::fs::AzureOptions options;
  options.account_name = info.azure_account_name;
  if (!info.endpoint_url.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
    options.blob_storage_authority = endpoint.authority;
    options.dfs_storage_authority = endpoint.authority;
    options.blob_storage_scheme = endpoint.scheme;
    options.dfs_storage_scheme = endpoint.scheme;
  }
  // Uploads run on the writing thread, inside the filesystem's guard: Arrow's
  // background upload tasks call the SDK unguarded, and a token failure
  // there throws on a pool thread.
  options.background_writes = false;
  // The SDK's credential constructors may throw (e.g. on a malformed tenant).
  const arrow::Status status = GuardVendorCall([&] { return ConfigureCredential(connection, options); });
  if (!status.ok()) {
    // Arrow's messages here describe the option, never the secret value.
    return Error(ErrorCode::kInvalidArgument, "Azure credentials for connection '" + info.connection_name +
                                                  "' are not usable: " + status.message());
  }
  return options;
}

}  // namespace flowfile::cloud
