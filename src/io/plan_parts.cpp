#include "src/io/plan_parts.h"

#include <arrow/dataset/file_parquet.h>
#include <parquet/metadata.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace flowfile::io {
namespace {

constexpr std::size_t kFooterThreads = 8;
// Smaller Parquet files stay whole: reading their footers up front costs a
// round trip each (half the time of a folder of small files), and a few of
// them in flight are well within the memory a split is there to bound.
constexpr std::int64_t kSplitFromBytes = 32 << 20;

// One file's fragments: its row groups for a large Parquet file, itself otherwise.
arrow::Result<arrow::dataset::FragmentVector> Pieces(const std::shared_ptr<arrow::dataset::Fragment>& file,
                                                     const arrow::compute::Expression& bound_filter) {
  if (auto* parquet = dynamic_cast<arrow::dataset::ParquetFileFragment*>(file.get())) {
    const std::int64_t size = parquet->source().Size();  // -1 when the listing did not say
    if (size >= 0 && size < kSplitFromBytes) return arrow::dataset::FragmentVector{file};
    return parquet->SplitByRowGroup(bound_filter);
  }
  return arrow::dataset::FragmentVector{file};
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> SplitByRowGroups(
    const std::shared_ptr<arrow::dataset::Dataset>& dataset, const arrow::compute::Expression& filter) {
  auto files = std::dynamic_pointer_cast<arrow::dataset::FileSystemDataset>(dataset);
  if (files == nullptr) return arrow::Status::Invalid("not a file dataset");
  ARROW_ASSIGN_OR_RAISE(auto bound, filter.Bind(*dataset->schema()));
  ARROW_ASSIGN_OR_RAISE(auto iterator, dataset->GetFragments(bound));
  ARROW_ASSIGN_OR_RAISE(auto fragments, iterator.ToVector());
  std::vector<arrow::Result<arrow::dataset::FragmentVector>> pieces(fragments.size(),
                                                                    arrow::dataset::FragmentVector{});
  std::atomic<std::size_t> next = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < fragments.size(); i = next++) pieces[i] = Pieces(fragments[i], bound);
  };
  // Plain threads, not Arrow's pools: the footer reads block on Arrow's IO pool.
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < std::min(kFooterThreads, fragments.size()); ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  std::vector<std::shared_ptr<arrow::dataset::FileFragment>> row_groups;
  for (auto& piece : pieces) {
    ARROW_ASSIGN_OR_RAISE(auto vector, std::move(piece));
    for (auto& fragment : vector)
      row_groups.push_back(std::static_pointer_cast<arrow::dataset::FileFragment>(fragment));
  }
  ARROW_ASSIGN_OR_RAISE(auto split, arrow::dataset::FileSystemDataset::Make(
                                        dataset->schema(), arrow::compute::literal(true), files->format(),
                                        files->filesystem(), std::move(row_groups)));
  return std::static_pointer_cast<arrow::dataset::Dataset>(split);
}

std::int32_t FragmentReadahead(arrow::dataset::Dataset& dataset) {
  constexpr std::int32_t kFewest = 3;
  constexpr std::int32_t kMost = 32;
  auto fragments = dataset.GetFragments();
  if (!fragments.ok()) return kFewest;
  std::int64_t bytes = 0;
  std::int64_t count = 0;
  for (auto fragment : *fragments) {
    if (!fragment.ok()) return kFewest;
    ++count;
    auto* file = dynamic_cast<arrow::dataset::FileFragment*>(fragment->get());
    std::int64_t size = file == nullptr ? -1 : file->source().Size();
    if (size < 0) return kFewest;  // a size the listing did not give: assume large
    auto* parquet = dynamic_cast<arrow::dataset::ParquetFileFragment*>(file);
    const std::shared_ptr<parquet::FileMetaData> metadata = parquet ? parquet->metadata() : nullptr;
    if (metadata != nullptr && !parquet->row_groups().empty() && metadata->num_row_groups() > 0) {
      // Row groups of a split file: their share of the file.
      size = size * static_cast<std::int64_t>(parquet->row_groups().size()) / metadata->num_row_groups();
    }
    bytes += size;
  }
  if (count == 0) return kFewest;
  const std::int64_t average = std::max<std::int64_t>(1, bytes / count);
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(kReadaheadBytes / average, kFewest, kMost));
}

arrow::Result<std::unique_ptr<PartQueue>> PartQueue::Make(std::shared_ptr<arrow::dataset::Dataset> dataset,
                                                          const arrow::compute::Expression& filter) {
  std::unique_ptr<PartQueue> queue(new PartQueue());
  queue->dataset_ = std::dynamic_pointer_cast<arrow::dataset::FileSystemDataset>(dataset);
  if (queue->dataset_ == nullptr) return arrow::Status::Invalid("not a file dataset");
  ARROW_ASSIGN_OR_RAISE(queue->filter_, filter.Bind(*dataset->schema()));
  ARROW_ASSIGN_OR_RAISE(auto fragments, dataset->GetFragments(queue->filter_));
  for (auto fragment : fragments) {
    ARROW_ASSIGN_OR_RAISE(auto file, std::move(fragment));
    queue->files_.push_back(std::move(file));
  }
  return queue;
}

arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> PartQueue::Next() {
  while (pending_.empty()) {
    if (next_file_ == files_.size()) return nullptr;
    std::shared_ptr<arrow::dataset::Fragment> file = files_[next_file_++];
    if (auto* parquet = dynamic_cast<arrow::dataset::ParquetFileFragment*>(file.get())) {
      ARROW_ASSIGN_OR_RAISE(auto row_groups, parquet->SplitByRowGroup(filter_));
      pending_.insert(pending_.end(), row_groups.begin(), row_groups.end());
    } else {
      pending_.push_back(std::move(file));
    }
  }
  auto part = std::static_pointer_cast<arrow::dataset::FileFragment>(pending_.front());
  pending_.pop_front();
  ARROW_ASSIGN_OR_RAISE(auto dataset, arrow::dataset::FileSystemDataset::Make(
                                          dataset_->schema(), arrow::compute::literal(true), dataset_->format(),
                                          dataset_->filesystem(), {std::move(part)}));
  return std::static_pointer_cast<arrow::dataset::Dataset>(dataset);
}

}  // namespace flowfile::io
