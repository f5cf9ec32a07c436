// UserSession: using connections to test, browse, read and write. Each call
// opens or reuses the connection's filesystem for this user (kNotFound for
// another user's; see EmbeddedEngine::OpenStorage). Reads and writes without
// a connection name use the local user's own credentials (see
// OpenLocalCredentials).
#include <arrow/c/abi.h>

#include <cstdlib>

#include "flowfile/connection_rules.h"
#include "flowfile/engine.h"
#include "src/cloud/connection_test.h"
#include "src/cloud/providers.h"
#include "src/io/delta_table.h"
#include "src/io/scan.h"
#include "src/io/write.h"
#include "src/service/embedded_engine.h"

namespace flowfile {
namespace {

// The S3 endpoint the local AWS configuration names (AWS_ENDPOINT_URL_S3,
// else AWS_ENDPOINT_URL), as boto3 and the AWS CLI read it; Arrow does not.
std::string LocalS3Endpoint() {
  for (const char* variable : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

// No connection name: a connection that is never stored, of the storage
// type `uri` names, with the provider's default credential chain (Flowfile's
// "use local credentials": environment, ~/.aws, instance identity). Only the
// local user of embedded use may: on a server the host's identity is not a
// user's to take.
Result<cloud::CloudStorage> OpenLocalCredentials(UserId user, std::string_view uri) {
  if (user != kLocalUserId) {
    return InvalidField("connection_name", "is required: name one of your cloud storage connections.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, cloud::ParseCloudPath(uri));
  Connection connection;
  ConnectionInfo& info = connection.info;
  info.connection_name = "local credentials";
  info.storage_type = path.storage_type;
  info.auth_method = DefaultAuthMethod(path.storage_type);
  if (path.storage_type == StorageType::kS3) {
    info.endpoint_url = LocalS3Endpoint();
    // The user's own configuration chose this endpoint, as the flag would.
    info.aws_allow_unsafe_html = info.endpoint_url.starts_with("http://");
  } else if (path.storage_type == StorageType::kAdls) {
    if (path.account_host.empty()) {
      return InvalidField("connection_name", "is required for " + std::string(uri) +
                                                 ": without a connection, name the account in the path "
                                                 "(abfss://container@account.dfs.core.windows.net/path).");
    }
    info.azure_account_name = path.account_host.substr(0, path.account_host.find('.'));
  }
  FLOWFILE_RETURN_IF_ERROR(ValidateConnection(connection));
  return cloud::OpenStorage(connection);
}

Result<cloud::CloudStorage> OpenStorageFor(const std::shared_ptr<service::EmbeddedEngine>& engine, UserId user,
                                           std::string_view name, std::string_view uri) {
  if (name.empty()) return OpenLocalCredentials(user, uri);
  return engine->OpenStorage(user, name);
}

// A browse path names one place: no parent steps, wildcards or control
// characters (a file browser never makes them; a typed one is a mistake).
Status CheckBrowsePath(std::string_view path) {
  for (std::size_t at = path.find(".."); at != std::string_view::npos; at = path.find("..", at + 1)) {
    const bool starts_segment = at == 0 || path[at - 1] == '/';
    const bool ends_segment = at + 2 == path.size() || path[at + 2] == '/';
    if (starts_segment && ends_segment) return InvalidField("path", "must not contain '..' segments.");
  }
  for (const char c : path) {
    if (c == '*' || c == '?' || c == '[' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidField("path", "must name one folder or object: no wildcards or control characters.");
    }
  }
  return Status::Ok();
}

void ReleaseStream(ArrowArrayStream* stream) {
  if (stream != nullptr && stream->release != nullptr) stream->release(stream);
}

}  // namespace

Result<ConnectionTestResult> UserSession::TestConnection(std::string_view name, std::string_view path) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, engine_->OpenStorage(user_, name));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionTestResult result, cloud::TestConnection(storage, path));
  (void)engine_->store().RecordAudit({.user_id = user_,
                                      .connection_id = storage.connection.id,
                                      .connection_name = storage.connection.connection_name,
                                      .action = "tested",
                                      .outcome = result.ok ? "ok" : "failed",
                                      .detail = result.check});
  return result;
}

Result<BrowsePage> UserSession::Browse(std::string_view name, std::string_view path, std::string_view page_token,
                                       int page_size) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, engine_->OpenStorage(user_, name));
  return cloud::Browse(storage, path, page_token, page_size);
}

Result<BrowsePage> UserSession::Browse(const BrowseRequest& request) const {
  if (request.page_size < 1 || request.page_size > 1000) {
    return InvalidField("page_size", "must be a whole number from 1 to 1000.");
  }
  FLOWFILE_RETURN_IF_ERROR(CheckBrowsePath(request.path));
  const StorageType type = request.storage_type.value_or(StorageType::kS3);
  Result<cloud::CloudStorage> storage =
      request.connection_name.empty()
          ? OpenStorageFor(engine_, user_, "",
                           request.path.empty() ? std::string(cloud::ProviderOf(type).root_uri) : request.path)
          : engine_->OpenStorage(user_, request.connection_name);
  if (!storage.ok()) return storage.error();
  if (request.storage_type && *request.storage_type != storage->connection.storage_type) {
    return InvalidField("storage_type", "is " + std::string(StorageTypeName(*request.storage_type)) +
                                            ", but the connection is " +
                                            std::string(StorageTypeName(storage->connection.storage_type)) + ".");
  }
  Result<BrowsePage> page = cloud::Browse(*storage, request.path, request.page_token, request.page_size);
  if (!page.ok() && request.path.empty() && page.error().code() == ErrorCode::kAccessDenied) {
    // Keys often may read a bucket but not list them all: not an error, the
    // user types the bucket's path instead.
    BrowsePage denied;
    denied.path = std::string(cloud::ProviderOf(storage->connection.storage_type).root_uri);
    denied.is_root = true;
    denied.root_listing_denied = true;
    return denied;
  }
  return page;
}

Result<LazyFrame> UserSession::Scan(std::string_view connection_name, const ScanRequest& request) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage,
                            OpenStorageFor(engine_, user_, connection_name, request.path));
  return io::Scan(storage, request);
}

Result<std::vector<TableVersion>> UserSession::DeltaHistory(std::string_view connection_name,
                                                            std::string_view path, std::int64_t limit) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, OpenStorageFor(engine_, user_, connection_name, path));
  return io::DeltaHistory(storage, path, limit);
}

Result<WriteResult> UserSession::Write(std::string_view connection_name, const WriteRequest& request,
                                       ArrowArrayStream* input) const {
  auto storage = OpenStorageFor(engine_, user_, connection_name, request.path);
  if (!storage.ok()) {
    ReleaseStream(input);  // the contract: consumed also on error
    return storage.error();
  }
  return io::Write(*storage, request, input);
}

}  // namespace flowfile
