// UserSession: frames as Reader nodes describe them, previews, and flows
// run in the background; the same rules for the server, Python and the CLI.
#include <arrow/c/abi.h>

#include <algorithm>
#include <variant>

#include "flowfile/engine.h"
#include "flowfile/flow.h"
#include "src/io/frame_steps.h"
#include "src/service/embedded_engine.h"
#include "src/service/flow_document.h"

namespace flowfile {

Result<LazyFrame> UserSession::Frame(const FrameSpec& spec) const {
  if (!spec.steps.empty())
    return InvalidField("steps", "Sort, Rename and Add column run after the read: export the frame instead.");
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

Status UserSession::ExportFrame(FrameSpec spec, ArrowArrayStream* out) const {
  std::vector<FrameStep> steps = std::move(spec.steps);
  spec.steps.clear();
  // No step makes rows, so a frame limited to none anywhere reads none: its
  // columns then come from metadata, and a Sort before the limit sorts nothing.
  const bool no_rows = std::any_of(steps.begin(), steps.end(), [](const FrameStep& step) {
    const auto* limit = std::get_if<LimitStep>(&step.action);
    return limit != nullptr && limit->rows == 0;
  });
  if (no_rows) spec.limit = 0;
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Frame(spec));
  if (Status exported = frame.ExportStream(out); !exported.ok()) {
    return service::AtDeclaringNode(spec, exported.error());
  }
  return io::ApplySteps(steps, out);
}

Result<std::vector<ColumnType>> UserSession::FrameColumns(FrameSpec spec) const {
  if (spec.steps.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Frame(spec));
    return frame.Columns();
  }
  spec.steps.push_back(FrameStep{LimitStep{0}, "limit"});
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(ExportFrame(std::move(spec), &stream));
  return io::StreamColumns(&stream);
}

Result<std::string> UserSession::DescribeFrame(const FrameSpec& spec) const {
  FrameSpec read = spec;
  read.steps.clear();
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Frame(read));
  std::string text = frame.Describe();
  if (!spec.steps.empty()) text += "; then in the engine: " + DescribeFrameSteps(spec.steps);
  return text;
}

Status UserSession::ExportPreview(FrameSpec spec, ArrowArrayStream* out) const {
  if (spec.steps.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, Preview(spec));
    Status exported = frame.ExportStream(out);
    return exported.ok() ? exported : service::AtDeclaringNode(spec, exported.error());
  }
  // The read's own limit stays where it is; the preview's cap comes last.
  spec.steps.push_back(FrameStep{LimitStep{kMaxPreviewRows}, "limit"});
  return ExportFrame(std::move(spec), out);
}

Result<std::string> UserSession::StartFlow(FlowSpec flow) const {
  return engine_->flow_runs().Start(*this, std::move(flow));
}

Result<FlowRun> UserSession::GetFlowRun(std::string_view id) const { return engine_->flow_runs().Get(user_, id); }

}  // namespace flowfile
