// UserSession: managing connections. Every call acts for the session's user;
// changes drop the filesystems opened with the old settings.
#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"

namespace flowfile {

Result<ConnectionInfo> UserSession::CreateConnection(const Connection& connection) const {
  FLOWFILE_RETURN_IF_ERROR(engine_->host_identity().Check(user_, connection.info));
  return engine_->store().Create(user_, connection);
}

Result<CreateOutcome> UserSession::CreateConnectionIfNotExists(const Connection& connection) const {
  FLOWFILE_RETURN_IF_ERROR(engine_->host_identity().Check(user_, connection.info));
  return engine_->store().CreateIfNotExists(user_, connection);
}

Result<ConnectionInfo> UserSession::GetConnection(std::string_view name) const {
  return engine_->store().Get(user_, name);
}

Result<std::vector<ConnectionInfo>> UserSession::ListConnections() const { return engine_->store().List(user_); }

Result<std::vector<AuditEvent>> UserSession::AuditLog(int limit) const {
  return engine_->store().AuditLog(user_, limit);
}

Result<ConnectionInfo> UserSession::UpdateConnection(std::string_view name, const ConnectionUpdate& update) const {
  if (update.info) FLOWFILE_RETURN_IF_ERROR(engine_->host_identity().Check(user_, *update.info));
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo updated, engine_->store().Update(user_, name, update));
  engine_->filesystems().Invalidate(user_, updated.id);
  return updated;
}

Result<ConnectionInfo> UserSession::RenameConnection(std::string_view from, std::string_view to) const {
  return engine_->store().Rename(user_, from, to);
}

Status UserSession::DeleteConnection(std::string_view name) const {
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo existing, engine_->store().Get(user_, name));
  FLOWFILE_RETURN_IF_ERROR(engine_->store().Delete(user_, name));
  engine_->filesystems().Invalidate(user_, existing.id);
  return Status::Ok();
}

}  // namespace flowfile
