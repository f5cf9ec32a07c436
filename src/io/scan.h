// Reading: a cloud URI -> a LazyFrame over an Arrow dataset.
#pragma once

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::io {

// Lists what request.path names on `storage` (an object, a directory read
// recursively, or a glob: * ? [..] within a folder level, ** across any
// number of them, see GlobMatches), reads the
// schema, and returns a plan; no data is read yet. With hive_partitioning,
// key=value folders below a directory or glob base become columns.
// kPathNotFound names the missing bucket, object or the glob that matched
// nothing; other failures are mapped by the storage's provider.
Result<LazyFrame> Scan(const cloud::CloudStorage& storage, const ScanRequest& request);

}  // namespace flowfile::io
