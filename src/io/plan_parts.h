// Splitting a dataset into small parts that are scanned one after another:
// Arrow's Parquet pre-buffering keeps what it fetched until its file reader
// is dropped, and a dropped scanner reads on to its end, so scanning one row
// group at a time is what bounds memory and lets a row limit stop early.
#pragma once

#include <arrow/compute/expression.h>
#include <arrow/dataset/dataset.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace flowfile::io {

// The same files as `dataset`, with every Parquet file split into one
// fragment per row group that may match `filter` (other formats unchanged).
// Footers are read on a few threads at once. A scanner over the result
// frees each row group's pre-buffered bytes as soon as it is read, and its
// fragment read-ahead bounds how many row groups are in memory.
arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> SplitByRowGroups(
    const std::shared_ptr<arrow::dataset::Dataset>& dataset, const arrow::compute::Expression& filter);

// How many fragments of `dataset` a scanner should read at once: about
// kReadaheadBytes of them, at least 3 and at most 32. Many small files in
// flight hide each one's round trip; few large row groups bound memory.
inline constexpr std::int64_t kReadaheadBytes = 24 << 20;
std::int32_t FragmentReadahead(arrow::dataset::Dataset& dataset);

// Yields one dataset per Parquet row group whose statistics may match the
// filter (one per file for other formats), in file order. Each file's footer
// is read only when its turn comes. Not thread-safe.
class PartQueue {
 public:
  static arrow::Result<std::unique_ptr<PartQueue>> Make(std::shared_ptr<arrow::dataset::Dataset> dataset,
                                                        const arrow::compute::Expression& filter);
  // The next part, or nullptr after the last.
  arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> Next();

 private:
  PartQueue() = default;

  std::shared_ptr<arrow::dataset::FileSystemDataset> dataset_;
  arrow::compute::Expression filter_;  // bound to the dataset schema
  std::vector<std::shared_ptr<arrow::dataset::Fragment>> files_;
  std::size_t next_file_ = 0;
  std::deque<std::shared_ptr<arrow::dataset::Fragment>> pending_;
};

}  // namespace flowfile::io
