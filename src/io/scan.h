// Reading: a cloud URI -> a LazyFrame over an Arrow dataset.
#pragma once

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"
#include "src/io/scan_plan.h"

namespace flowfile::io {

// Lists what request.path names on `storage` (an object, a directory read
// recursively, or a glob: * ? [..] within a folder level, ** across any
// number of them, see GlobMatches), reads the
// schema, and returns a plan; no data is read yet. With hive_partitioning,
// key=value folders below a directory or glob base become columns.
// kPathNotFound names the missing bucket, object or the glob that matched
// nothing; other failures are mapped by the storage's provider.
Result<LazyFrame> Scan(const cloud::CloudStorage& storage, const ScanRequest& request);

// The dataset a plan reads when it runs. A plan of one object asks for it
// again (one HEAD): unchanged, the planned dataset with its footer already
// read; replaced (another size or time), one over what it holds now.
Result<std::shared_ptr<arrow::dataset::Dataset>> CurrentDataset(const internal::ScanPlan& plan);

}  // namespace flowfile::io
