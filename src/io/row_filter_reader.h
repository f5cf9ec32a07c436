// A record batch reader that keeps the rows of another reader matching a
// filter expression and then selects columns. For sources that only skip
// whole files (the Delta library), so that filters stay exact.
#pragma once

#include <arrow/compute/expression.h>
#include <arrow/record_batch.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flowfile::io {

// `filter` is bound to source's schema; `columns` (nullopt: all) are kept
// in the given order after filtering.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> FilterRows(
    std::shared_ptr<arrow::RecordBatchReader> source, const arrow::compute::Expression& filter,
    const std::optional<std::vector<std::string>>& columns);

}  // namespace flowfile::io
