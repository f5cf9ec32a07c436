// UserSession: frames as Reader nodes describe them, previews, and flows
// run in the background; the same rules for the server, Python and the CLI.
#include "flowfile/engine.h"
#include "flowfile/flow.h"
#include "src/io/frame_steps.h"
#include "src/service/embedded_engine.h"
#include "src/service/flow_document.h"

namespace flowfile {

Result<LazyFrame> UserSession::Frame(const FrameSpec& spec) const {
  if (!spec.steps.empty())
    return InvalidField("steps", "Sort, Rename and Add column run in flows and previews, not in a frame.");
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Scan(spec.connection, spec.scan));
  if (spec.columns) frame = frame.Select(*spec.columns);
  for (const ColumnFilter& filter : spec.filters) frame = frame.Filter(filter);
  if (spec.limit) frame = frame.Limit(*spec.limit);
  return frame;
}

Result<LazyFrame> UserSession::Preview(FrameSpec spec) const {
  const std::int64_t rows = spec.limit.value_or(kDefaultPreviewRows);
  if (rows < 1 || rows > kMaxPreviewRows) {
    return InvalidField("limit", "must be a whole number from 1 to " + std::to_string(kMaxPreviewRows) + ".");
  }
  spec.limit = rows;
  return Frame(spec);
}

Status UserSession::ExportPreview(FrameSpec spec, ArrowArrayStream* out) const {
  if (spec.steps.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Preview(spec));
    Status exported = frame.ExportStream(out);
    return exported.ok() ? exported : service::AtDeclaringNode(spec, exported.error());
  }
  // The read's own limit stays where it is; the preview's cap comes last.
  std::vector<FrameStep> steps = std::move(spec.steps);
  spec.steps.clear();
  steps.push_back(FrameStep{LimitStep{kMaxPreviewRows}, "limit"});
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Frame(spec));
  if (Status exported = frame.ExportStream(out); !exported.ok())
    return service::AtDeclaringNode(spec, exported.error());
  return io::ApplySteps(steps, out);
}

Result<std::string> UserSession::StartFlow(FlowSpec flow) const {
  return engine_->flow_runs().Start(*this, std::move(flow));
}

Result<FlowRun> UserSession::GetFlowRun(std::string_view id) const { return engine_->flow_runs().Get(user_, id); }

}  // namespace flowfile
