// Runs FrameSteps (flowfile/frame_steps.h) on an Arrow stream: each step
// wraps the reader of the one before it, so rows stream through select,
// filter, limit, rename and computed columns batch by batch; a sort reads
// every row first.
#pragma once

#include <vector>

#include "flowfile/data.h"
#include "flowfile/frame_steps.h"
#include "flowfile/result.h"

struct ArrowArrayStream;

namespace flowfile::io {

// Replaces *stream (which it takes over) by the stream of its rows through
// `steps`, in order. The columns each step names are checked against the
// schema before any row is read: kInvalidArgument with the step's field
// ("nodes[3].settings.column") and the columns there are. Errors while
// rows stream (a division by zero) fail the stream with the step's words.
Status ApplySteps(const std::vector<FrameStep>& steps, ArrowArrayStream* stream);

// The columns of `stream` with their types in Arrow's words, from its
// schema alone (no row is read); releases the stream.
Result<std::vector<ColumnType>> StreamColumns(ArrowArrayStream* stream);

}  // namespace flowfile::io
