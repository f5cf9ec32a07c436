// Delta Lake tables (FileFormat::kDelta) through the table library
// (rust/flowfile_tables): the same CloudStorage, masker and LazyFrame as
// files, with the library reading the log, skipping files and committing.
#pragma once

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"
#include "src/io/scan_plan.h"

namespace flowfile::io {

// Reads the table's log (latest, request.version or the version at
// request.timestamp; the change feed with request.changes_since or from
// request.changes_since_timestamp) and returns
// a plan of that fixed version; no data file is read yet. kPathNotFound when
// the folder is not a Delta table, kInvalidArgument (field "version",
// "timestamp" or "changes_since") for a version it does not have.
Result<LazyFrame> ScanDeltaTable(const cloud::CloudStorage& storage, const ScanRequest& request);

// Runs a kDelta plan: the library skips files by partition values and
// statistics; rows are then filtered exactly, projected and cut at the limit.
Status ExportDeltaStream(const internal::ScanPlan& plan, ArrowArrayStream* out);

// Writes `input` (consumed, also on error) as one atomic commit: request.mode
// overwrite, append or error (kAlreadyExists when a table is there). Bad
// input (a schema that does not match on append, a partition column not in
// the data) is kInvalidArgument and leaves the table as it was.
Result<WriteResult> WriteDeltaTable(const cloud::CloudStorage& storage, const WriteRequest& request,
                                    ArrowArrayStream* input);

// The table's commits, newest first: the newest `limit` (0: all), or as
// many as its log still holds. kPathNotFound when `path` is not a table.
Result<std::vector<TableVersion>> DeltaHistory(const cloud::CloudStorage& storage, std::string_view path,
                                               std::int64_t limit);

}  // namespace flowfile::io
