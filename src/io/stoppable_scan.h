// A scanner's batches read through an Acero plan that stops when its
// reader is closed or dropped. Arrow's own scanner reader, once closed,
// reads on to the end of the dataset (a cancelled copy of a large read
// would wait for the whole read); this one asks the plan to stop and waits
// only for the reads already in flight, so nothing outlives it.
#pragma once

#include <arrow/dataset/scanner.h>
#include <arrow/record_batch.h>

#include <memory>

namespace flowfile::io {

// The batches of `scanner` (its dataset, projection, filter, read-ahead and
// back-pressure) in dataset order. Close() or the destructor stops the
// plan and returns once its in-flight reads are done. ReadNext after Close
// yields the end of the stream. Not thread-safe (one consumer).
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> OpenStoppableScan(const arrow::dataset::Scanner& scanner);

}  // namespace flowfile::io
