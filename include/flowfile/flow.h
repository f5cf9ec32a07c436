// Frames and flows as every front end describes them: a read through a
// connection with the projection, filters and limit applied to it (and the
// steps the engine runs after it), and a
// flow that streams one such read into a write, run in the background with
// progress a front end can poll.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/data.h"
#include "flowfile/error.h"
#include "flowfile/frame_steps.h"
#include "flowfile/result.h"

namespace flowfile {

// What a Cloud Storage Reader node, a preview or a server-mode scan reads.
struct FrameSpec {
  std::string connection;                           // the connection's name
  ScanRequest scan;                                 // path, format, CSV options
  std::optional<std::vector<std::string>> columns;  // projection; unset: every column
  std::vector<ColumnFilter> filters;                // ANDed
  std::optional<std::int64_t> limit;                // rows; unset: all
  // Run by the engine on the rows after the read above, in order (sort,
  // rename, computed columns, and what comes after them). A LazyFrame holds
  // only the read; UserSession::ExportFrame runs both.
  std::vector<FrameStep> steps;
  // Where the projection and each filter were declared when a flow's node
  // did ("steps[0].settings"; filter_fields[i] for filters[i], "" for one
  // the request gave itself): a read's error about them names that node.
  std::string columns_field;
  std::vector<std::string> filter_fields;
};

// A frame's steps as JSON text, [{kind, settings}] with the settings a saved
// flow's transform nodes hold (select, filter, sort, rename, add_column,
// limit): how the Python package keeps and hands them over. Every entry is a
// step, whatever its kind: nothing is pushed into the read. A bad entry is
// kInvalidArgument naming its field ("steps[1].settings.keys").
Result<std::vector<FrameStep>> FrameStepsFromJson(std::string_view text);
std::string FrameStepsToJson(const std::vector<FrameStep>& steps);

// A Cloud Storage Reader streamed into a Cloud Storage Writer.
struct FlowSpec {
  FrameSpec read;
  std::string write_connection;
  WriteRequest write;
};

// One path of a flow drawn from several frames (Python's FlowGraph): a
// frame's read and transforms, then the write it ends in, if any. Paths
// that begin alike share those nodes, so frames made from one frame fork.
struct FlowBranch {
  FrameSpec read;
  std::optional<WriteRequest> write;  // none: the path ends at its last transform
  std::string write_connection;       // the write's connection ("": local credentials)
};

// Rows a preview returns when none are asked for, and the most it returns.
inline constexpr std::int64_t kDefaultPreviewRows = 100;
inline constexpr std::int64_t kMaxPreviewRows = 1000;

enum class FlowRunState { kRunning, kSucceeded, kFailed, kCancelled };
// "running", "succeeded", "failed", "cancelled"
std::string_view FlowRunStateName(FlowRunState state);

// A snapshot of one flow run.
struct FlowRun {
  std::string id;
  FlowRunState state = FlowRunState::kRunning;
  std::int64_t rows_read = 0;
  std::int64_t batches_read = 0;
  // The rows the run will read, when that is known before reading (Parquet
  // without filters, from the files' metadata); nullopt otherwise.
  std::optional<std::int64_t> rows_total;
  std::int64_t started_at = 0;   // unix milliseconds
  std::int64_t finished_at = 0;  // 0 while running
  std::optional<WriteResult> result;
  std::optional<Error> error;
};

}  // namespace flowfile
