#include "src/io/sorted_rows.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace flowfile::io {
namespace {

using Batches = std::vector<std::shared_ptr<arrow::RecordBatch>>;

// Rows gathered before each reduction to the best `keep`: enough that the
// sort of each round, not its fixed cost, dominates.
constexpr std::int64_t kRowsPerRound = 256 * 1024;

// The first `keep` rows of `table` in sort order (all of them when keep is unset).
arrow::Result<std::shared_ptr<arrow::Table>> Sorted(const std::shared_ptr<arrow::Table>& table,
                                                    const arrow::compute::SortOptions& options,
                                                    std::optional<std::int64_t> keep) {
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Array> indices,
                        arrow::compute::SortIndices(arrow::Datum(table), options));
  if (keep && *keep < indices->length()) indices = indices->Slice(0, *keep);
  ARROW_ASSIGN_OR_RAISE(arrow::Datum taken, arrow::compute::Take(arrow::Datum(table), arrow::Datum(indices)));
  return taken.table();
}

class SortedRowsReader final : public arrow::RecordBatchReader {
 public:
  SortedRowsReader(std::shared_ptr<arrow::RecordBatchReader> source, arrow::compute::SortOptions options,
                   std::optional<std::int64_t> keep)
      : source_(std::move(source)), options_(std::move(options)), keep_(keep) {
    if (keep_ && *keep_ < 0) keep_.reset();  // no row count: every row, sorted
  }

  std::shared_ptr<arrow::Schema> schema() const override { return source_->schema(); }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    if (sorted_ == nullptr) {
      ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Table> table, keep_ ? Best() : Everything());
      sorted_ = std::make_shared<arrow::TableBatchReader>(std::move(table));
    }
    return sorted_->ReadNext(out);
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  arrow::Result<std::shared_ptr<arrow::Table>> Everything() {
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Table> table, arrow::Table::FromRecordBatchReader(source_.get()));
    return Sorted(table, options_, std::nullopt);
  }

  // The best rows so far come first in each round, so a stable sort of the
  // round keeps ties in their input order, as one sort of every row would.
  arrow::Result<std::shared_ptr<arrow::Table>> Best() {
    Batches round;
    std::int64_t rows = 0;
    const std::int64_t round_rows = std::max(kRowsPerRound, *keep_);
    for (;;) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(source_->ReadNext(&batch));
      const bool at_end = batch == nullptr;
      if (!at_end) {
        rows += batch->num_rows();
        round.push_back(std::move(batch));
        if (rows < round_rows + *keep_) continue;
      }
      ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Table> table, arrow::Table::FromRecordBatches(schema(), round));
      ARROW_ASSIGN_OR_RAISE(table, Sorted(table, options_, keep_));
      if (at_end) return table;
      ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::RecordBatch> best, table->CombineChunksToBatch());
      round = {std::move(best)};
      rows = round.front()->num_rows();
    }
  }

  std::shared_ptr<arrow::RecordBatchReader> source_;
  arrow::compute::SortOptions options_;
  std::optional<std::int64_t> keep_;
  std::shared_ptr<arrow::TableBatchReader> sorted_;
};

}  // namespace

std::shared_ptr<arrow::RecordBatchReader> SortRows(std::shared_ptr<arrow::RecordBatchReader> source,
                                                   arrow::compute::SortOptions options,
                                                   std::optional<std::int64_t> keep) {
  return std::make_shared<SortedRowsReader>(std::move(source), std::move(options), keep);
}

}  // namespace flowfile::io
