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
