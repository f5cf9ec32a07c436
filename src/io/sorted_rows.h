// A record batch reader that gives another reader's rows sorted (stable:
// ties keep their order). With a row count to keep (a Limit right after the
// sort), it holds only the best rows so far plus one round of batches, so a
// top-k over any number of rows stays in bounded memory.
#pragma once

#include <arrow/compute/api_vector.h>
#include <arrow/record_batch.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace flowfile::io {

std::shared_ptr<arrow::RecordBatchReader> SortRows(std::shared_ptr<arrow::RecordBatchReader> source,
                                                   arrow::compute::SortOptions options,
                                                   std::optional<std::int64_t> keep);

}  // namespace flowfile::io
