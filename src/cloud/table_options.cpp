#include "src/cloud/table_options.h"

#include "src/cloud/endpoint_url.h"

namespace flowfile::cloud {
namespace {

void Add(TableOptions& options, std::string key, std::string_view value) {
  options.entries.emplace_back(std::move(key), Secret(value));
}

Error NotYet(const ConnectionInfo& info) {
  return InvalidField("auth_method", std::string(AuthMethodName(info.auth_method)) + " connections (" +
                                         info.connection_name +
                                         ") cannot open Delta tables yet: use a connection with keys "
                                         "(access_key, sas_token or service_account).");
}

Status AddEndpoint(const ConnectionInfo& info, TableOptions& options, std::string_view key) {
  if (info.endpoint_url.empty()) return Status::Ok();
  FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
  Add(options, std::string(key), endpoint.scheme + "://" + endpoint.authority);
  if (endpoint.scheme == "http") Add(options, "allow_http", "true");
  return Status::Ok();
}

Status AddS3(const Connection& connection, TableOptions& options) {
  const ConnectionInfo& info = connection.info;
  if (info.auth_method != AuthMethod::kAccessKey) return NotYet(info);
  Add(options, "aws_access_key_id", info.aws_access_key_id);
  Add(options, "aws_secret_access_key", connection.secrets.get(SecretField::kAwsSecretAccessKey).reveal());
  if (connection.secrets.has(SecretField::kAwsSessionToken)) {
    Add(options, "aws_session_token", connection.secrets.get(SecretField::kAwsSessionToken).reveal());
  }
  // As BuildS3Options: a custom service has one region at most.
  Add(options, "aws_region", !info.aws_region.empty() ? info.aws_region : "us-east-1");
  FLOWFILE_RETURN_IF_ERROR(AddEndpoint(info, options, "aws_endpoint"));
  if (!info.endpoint_url.empty()) Add(options, "aws_virtual_hosted_style_request", "false");
  if (info.aws_allow_unsafe_html || !info.verify_ssl) Add(options, "allow_invalid_certificates", "true");
  return Status::Ok();
}

Status AddAzure(const Connection& connection, TableOptions& options) {
  const ConnectionInfo& info = connection.info;
  Add(options, "azure_storage_account_name", info.azure_account_name);
  if (info.auth_method == AuthMethod::kAccessKey) {
    Add(options, "azure_storage_account_key", connection.secrets.get(SecretField::kAzureAccountKey).reveal());
  } else if (info.auth_method == AuthMethod::kSasToken) {
    const Secret token =
        CanonicalSecretValue(SecretField::kAzureSasToken, connection.secrets.get(SecretField::kAzureSasToken));
    Add(options, "azure_storage_sas_key", token.reveal());
  } else {
    return NotYet(info);
  }
  if (!info.endpoint_url.empty()) {
    // object_store addresses a custom endpoint path-style: scheme://host/account.
    FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
    Add(options, "azure_endpoint", endpoint.scheme + "://" + endpoint.authority + "/" + info.azure_account_name);
    if (endpoint.scheme == "http") Add(options, "allow_http", "true");
  }
  if (!info.verify_ssl) Add(options, "allow_invalid_certificates", "true");
  return Status::Ok();
}

Status AddGcs(const Connection& connection, TableOptions& options) {
  const ConnectionInfo& info = connection.info;
  if (info.auth_method != AuthMethod::kServiceAccount) return NotYet(info);
  Add(options, "google_service_account_key", connection.secrets.get(SecretField::kGcsServiceAccountKey).reveal());
  if (!info.endpoint_url.empty()) {
    // object_store addresses a custom endpoint as base_url/bucket/object.
    FLOWFILE_ASSIGN_OR_RETURN(Endpoint endpoint, ParseConnectionEndpoint(info));
    Add(options, "google_base_url", endpoint.scheme + "://" + endpoint.authority);
    if (endpoint.scheme == "http") Add(options, "allow_http", "true");
  }
  if (!info.verify_ssl) Add(options, "allow_invalid_certificates", "true");
  return Status::Ok();
}

}  // namespace

Result<TableOptions> BuildTableOptions(const Connection& connection) {
  TableOptions options;
  switch (connection.info.storage_type) {
    case StorageType::kS3:
      FLOWFILE_RETURN_IF_ERROR(AddS3(connection, options));
      break;
    case StorageType::kAdls:
      FLOWFILE_RETURN_IF_ERROR(AddAzure(connection, options));
      break;
    case StorageType::kGcs:
      FLOWFILE_RETURN_IF_ERROR(AddGcs(connection, options));
      break;
  }
  return options;
}

std::shared_ptr<const Result<TableOptions>> PinEndpointAddresses(
    std::shared_ptr<const Result<TableOptions>> options, const ApprovedEndpoint& endpoint) {
  if (endpoint.addresses.empty() || options == nullptr || !options->ok()) return options;
  TableOptions pinned = **options;
  std::string value = endpoint.host;
  for (const std::string& address : endpoint.addresses) value += " " + address;
  Add(pinned, "flowfile_endpoint_addresses", value);
  return std::make_shared<const Result<TableOptions>>(std::move(pinned));
}

std::string TableUrl(const CloudPath& path) {
  const std::string scheme = path.storage_type == StorageType::kS3    ? "s3"
                             : path.storage_type == StorageType::kGcs ? "gs"
                                                                      : "az";
  return scheme + "://" + path.fs_path;
}

}  // namespace flowfile::cloud
