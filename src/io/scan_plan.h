// What a LazyFrame holds: a discovered dataset plus projection, filters and
// limit, applied only when the frame is exported.
#pragma once

#include <arrow/dataset/dataset.h>
#include <arrow/filesystem/filesystem.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::internal {

struct ScanPlan {
  cloud::CloudStorage storage;
  std::string uri;  // as the user wrote it (object, directory or glob)
  FileFormat format = FileFormat::kParquet;
  std::size_t file_count = 0;
  std::shared_ptr<arrow::dataset::Dataset> dataset;  // files listed, schema known
  std::optional<std::vector<std::string>> columns;   // nullopt: all columns
  std::vector<ColumnFilter> filters;                 // ANDed
  std::optional<std::int64_t> limit;
  // A plan of one object: the object as planned (size, time), checked again
  // when the plan runs; nullopt for a folder or glob.
  std::optional<arrow::fs::FileInfo> object;
  std::optional<std::int64_t> version;        // kDelta: the table version; nullopt: latest
  std::optional<std::int64_t> changes_since;  // kDelta: the change feed from this version
  bool include_change_preimage = false;
  std::optional<std::int64_t> snapshot_id;  // kIceberg: the snapshot, fixed when planned; nullopt: none yet
};

}  // namespace flowfile::internal
