// UserSession: flows saved per user (saved_flow.h). The store keeps rows;
// the rules (names, documents, connections, messages) are here, the same
// for the server, Python and the CLI.
#include "flowfile/engine.h"
#include "flowfile/saved_flow.h"
#include "src/core/text_checks.h"
#include "src/service/embedded_engine.h"
#include "src/service/flow_document.h"
#include "src/store/store_errors.h"

namespace flowfile {
namespace {

Error FlowNotFound(std::string_view name) {
  return Error(ErrorCode::kNotFound,
               "Flow not found: '" + std::string(name) + "'. The flows list shows the ones you have.", "name");
}

Error FlowExists(std::string_view name) {
  return Error(ErrorCode::kAlreadyExists,
               "A flow named '" + std::string(name) + "' already exists: choose another name, or open it.",
               "name");
}

Status CheckFlowName(std::string_view name, std::string_view field) {
  if (name.empty() || name.find_first_not_of(' ') == std::string_view::npos)
    return InvalidField(field, "The flow needs a name.");
  if (!internal::IsValidUtf8(name) || internal::HasControlCharacter(name))
    return InvalidField(field, "A flow name cannot hold control characters.");
  if (internal::Utf8Length(name) > kMaxFlowNameLength)
    return InvalidField(field, "A flow name has at most " + std::to_string(kMaxFlowNameLength) + " characters.");
  return Status::Ok();
}

SavedFlow ToSavedFlow(const store::FlowRow& row) {
  return SavedFlow{row.name, row.document, row.created_at, row.updated_at};
}

// The document, checked: its shape, and that every connection its nodes
// name is one of this user's (another user's is "not found" too).
// The document, checked and in its stored form: its shape, and that every
// connection its nodes name is one of this user's (another user's is "not
// found" too).
Result<std::string> CheckedDocument(const UserSession& session, std::string_view text) {
  FLOWFILE_ASSIGN_OR_RETURN(service::FlowDocument document, service::ParseFlowDocument(text));
  for (const service::FlowDocNode& node : document.nodes) {
    const std::string connection = service::ConnectionOf(node);
    if (connection.empty()) continue;
    Result<ConnectionInfo> found = session.GetConnection(connection);
    if (found.ok()) continue;
    if (found.error().code() != ErrorCode::kNotFound) return found.error();
    return Error(ErrorCode::kNotFound,
                 service::NodeName(node) + " uses the connection '" + connection +
                     "', which does not exist (was it deleted?): choose another connection on the node.",
                 service::SettingsField(node) + ".connection");
  }
  return service::CanonicalText(document);
}

}  // namespace

Result<SavedFlow> UserSession::CreateFlow(std::string_view name, std::string_view document) const {
  FLOWFILE_RETURN_IF_ERROR(CheckFlowName(name, "name"));
  FLOWFILE_ASSIGN_OR_RETURN(std::string stored, CheckedDocument(*this, document));
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<store::FlowRow> row,
                            engine_->flows().InsertFlow(user_, name, stored, store::NowMillis()));
  if (!row) return FlowExists(name);
  return ToSavedFlow(*row);
}

Result<std::vector<SavedFlow>> UserSession::ListFlows() const {
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<store::FlowRow> rows, engine_->flows().ListFlows(user_));
  std::vector<SavedFlow> flows;
  flows.reserve(rows.size());
  for (const store::FlowRow& row : rows) flows.push_back(ToSavedFlow(row));
  return flows;
}

Result<SavedFlow> UserSession::OpenFlow(std::string_view name) const {
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<store::FlowRow> row, engine_->flows().FindFlow(user_, name));
  if (!row) return FlowNotFound(name);
  return ToSavedFlow(*row);
}

Result<SavedFlow> UserSession::SaveFlow(std::string_view name, std::string_view document) const {
  FLOWFILE_ASSIGN_OR_RETURN(std::string stored, CheckedDocument(*this, document));
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<store::FlowRow> row,
                            engine_->flows().ReplaceFlow(user_, name, stored, store::NowMillis()));
  if (!row) return FlowNotFound(name);
  return ToSavedFlow(*row);
}

Result<SavedFlow> UserSession::RenameFlow(std::string_view from, std::string_view to) const {
  FLOWFILE_RETURN_IF_ERROR(CheckFlowName(to, "new_name"));
  FLOWFILE_ASSIGN_OR_RETURN(store::FlowRename renamed,
                            engine_->flows().RenameFlow(user_, from, to, store::NowMillis()));
  if (renamed == store::FlowRename::kNotFound) return FlowNotFound(from);
  if (renamed == store::FlowRename::kNameTaken) return FlowExists(to);
  return OpenFlow(to);
}

Status UserSession::DeleteFlow(std::string_view name) const {
  FLOWFILE_ASSIGN_OR_RETURN(bool deleted, engine_->flows().DeleteFlow(user_, name));
  if (!deleted) return FlowNotFound(name);
  return Status::Ok();
}

Result<std::vector<std::string>> UserSession::RunFlow(std::string_view name) const {
  FLOWFILE_ASSIGN_OR_RETURN(SavedFlow flow, OpenFlow(name));
  FLOWFILE_ASSIGN_OR_RETURN(service::FlowDocument document, service::ParseFlowDocument(flow.document));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<FlowSpec> specs, service::FlowSpecsOf(document));
  std::vector<std::string> runs;
  for (FlowSpec& spec : specs) {
    FLOWFILE_ASSIGN_OR_RETURN(std::string run, StartFlow(std::move(spec)));
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<SavedFlow> UserSession::SaveFrameAsFlow(std::string_view name, const FrameSpec& frame, bool replace) const {
  return SaveBranchesAsFlow(name, {FlowBranch{frame, {}, {}}}, replace);
}

Result<SavedFlow> UserSession::SaveBranchesAsFlow(std::string_view name, const std::vector<FlowBranch>& branches,
                                                  bool replace) const {
  if (branches.empty()) return InvalidField("nodes", "The flow has no frames: read something into it first.");
  const std::string document = service::DocumentOfBranches(branches);
  if (replace) {
    Result<SavedFlow> saved = SaveFlow(name, document);
    if (saved.ok() || saved.error().code() != ErrorCode::kNotFound || saved.error().field() != "name")
      return saved;
  }
  return CreateFlow(name, document);
}

Result<FrameSpec> UserSession::FlowFrame(std::string_view name) const {
  FLOWFILE_ASSIGN_OR_RETURN(SavedFlow flow, OpenFlow(name));
  FLOWFILE_ASSIGN_OR_RETURN(service::FlowDocument document, service::ParseFlowDocument(flow.document));
  return service::FrameSpecOf(document);
}

}  // namespace flowfile
