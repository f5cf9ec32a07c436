// UserSession: using connections to test, browse, read and write. Each call
// opens or reuses the connection's filesystem for this user (kNotFound for
// another user's; see EmbeddedEngine::OpenStorage).
#include <arrow/c/abi.h>

#include "flowfile/engine.h"
#include "src/cloud/connection_test.h"
#include "src/io/scan.h"
#include "src/io/write.h"
#include "src/service/embedded_engine.h"

namespace flowfile {
namespace {

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
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, engine_->OpenStorage(user_, connection_name));
  return io::Scan(storage, request);
}

Result<WriteResult> UserSession::Write(std::string_view connection_name, const WriteRequest& request,
                                       ArrowArrayStream* input) const {
  auto storage = engine_->OpenStorage(user_, connection_name);
  if (!storage.ok()) {
    ReleaseStream(input);  // the contract: consumed also on error
    return storage.error();
  }
  return io::Write(*storage, request, input);
}

}  // namespace flowfile
