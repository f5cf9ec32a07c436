// UserSession: using connections to test, browse, read and write. Each call
// fetches the connection with its secrets for this user (kNotFound for
// another user's), opens or reuses its filesystem, and records use in the
// audit log.
#include <arrow/c/abi.h>

#include "flowfile/engine.h"
#include "src/cloud/connection_test.h"
#include "src/cloud/endpoint_policy_check.h"
#include "src/io/scan.h"
#include "src/io/write.h"
#include "src/service/embedded_engine.h"

namespace flowfile {
namespace {

// Secrets are opened only when no filesystem of the connection's current
// credentials is cached; the use is recorded either way. The endpoint policy
// is checked on every use, cached or not: a name may resolve elsewhere now.
Result<cloud::CloudStorage> OpenStorage(const std::shared_ptr<service::EmbeddedEngine>& engine, UserId user, std::string_view name) {
  ConnectionStore& store = engine->store();
  cloud::FileSystemCache& filesystems = engine->filesystems();
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, store.Get(user, name));
  FLOWFILE_RETURN_IF_ERROR(cloud::CheckEndpointAllowed(info, engine->endpoint_policy()));
  if (std::optional<cloud::CloudStorage> cached = filesystems.Find(user, info)) {
    FLOWFILE_RETURN_IF_ERROR(store.RecordUse(user, info));
    return *std::move(cached);
  }
  FLOWFILE_ASSIGN_OR_RETURN(Connection connection, store.GetWithSecrets(user, name));
  return filesystems.GetOrOpen(user, connection);
}

void ReleaseStream(ArrowArrayStream* stream) {
  if (stream != nullptr && stream->release != nullptr) stream->release(stream);
}

}  // namespace

Result<ConnectionTestResult> UserSession::TestConnection(std::string_view name, std::string_view path) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, OpenStorage(engine_, user_, name));
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
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, OpenStorage(engine_, user_, name));
  return cloud::Browse(storage, path, page_token, page_size);
}

Result<LazyFrame> UserSession::Scan(std::string_view connection_name, const ScanRequest& request) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, OpenStorage(engine_, user_, connection_name));
  return io::Scan(storage, request);
}

Result<WriteResult> UserSession::Write(std::string_view connection_name, const WriteRequest& request,
                                       ArrowArrayStream* input) const {
  auto storage = OpenStorage(engine_, user_, connection_name);
  if (!storage.ok()) {
    ReleaseStream(input);  // the contract: consumed also on error
    return storage.error();
  }
  return io::Write(*storage, request, input);
}

}  // namespace flowfile
