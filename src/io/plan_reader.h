// The record batch reader a LazyFrame exports: the batches of a plan's parts
// in turn, cut at the row limit, with failures mapped and masked by the
// storage's provider.
#pragma once

#include <arrow/record_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "src/cloud/filesystem_factory.h"

namespace flowfile::io {

// Opens the reader of the next part of a plan; nullptr after the last.
using PartOpener = std::function<arrow::Result<std::shared_ptr<arrow::RecordBatchReader>>()>;

// Reads parts in order, opening each when the previous one is exhausted.
// Without a limit a plan has one part (a scanner over every row group, see
// SplitByRowGroups); with a limit each row group is a part and the stream
// ends once `limit` rows were returned. Close() (or the destructor) closes
// the open part's reader, which must stop promptly and wait for its reads
// in flight (see OpenStoppableScan).
std::shared_ptr<arrow::RecordBatchReader> MakePlanReader(std::shared_ptr<arrow::Schema> schema,
                                                         PartOpener open_next, std::optional<std::int64_t> limit,
                                                         cloud::CloudStorage storage, std::string uri);

}  // namespace flowfile::io
