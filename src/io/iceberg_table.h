// Iceberg tables (FileFormat::kIceberg) through the table library
// (rust/flowfile_tables, the `iceberg` crate): read-only, with the same
// CloudStorage, masker and LazyFrame as files and Delta tables.
#pragma once

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"
#include "src/io/scan_plan.h"

namespace flowfile::io {

// Reads the table's metadata (request.path: its folder or a .metadata.json
// file) and returns a plan of one fixed snapshot: request.snapshot_id, the
// one current at request.timestamp, or the current one. No data file is
// read yet. kPathNotFound when there is no Iceberg table there,
// kInvalidArgument (field "snapshot_id" or "timestamp") for a snapshot it
// does not have.
Result<LazyFrame> ScanIcebergTable(const cloud::CloudStorage& storage, const ScanRequest& request);

// Runs a kIceberg plan: the library skips files, row groups and rows by
// the filters and applies delete files; rows are then filtered exactly,
// projected and cut at the limit. Without filters the library stops at the
// limit itself, so data files past it are never opened.
Status ExportIcebergStream(const internal::ScanPlan& plan, ArrowArrayStream* out);

}  // namespace flowfile::io
