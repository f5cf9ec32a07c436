// Whether a listed folder is the root of a table, for the storage browser.
#pragma once

#include <arrow/filesystem/filesystem.h>

#include <vector>

#include "src/cloud/filesystem_factory.h"

namespace flowfile::cloud {

// An Iceberg table's folder holds metadata/ with at least one
// *.metadata.json file. `listed` is the folder's own listing; only when it
// has a metadata/ folder is that folder listed (one more LIST). A failure
// of that listing answers false: the browser still shows the folder.
bool IsIcebergTableFolder(const CloudStorage& storage, const std::vector<arrow::fs::FileInfo>& listed);

}  // namespace flowfile::cloud
