// LazyFrame (data.h): a ScanPlan run by Arrow's dataset scanner.
#include <arrow/c/bridge.h>
#include <arrow/dataset/scanner.h>

#include <algorithm>

#include "flowfile/data.h"
#include "src/io/compute_ready.h"
#include "src/io/delta_table.h"
#include "src/io/filter_expression.h"
#include "src/io/iceberg_table.h"
#include "src/io/plan_parts.h"
#include "src/io/plan_reader.h"
#include "src/io/scan.h"
#include "src/io/scan_plan.h"
#include "src/io/stoppable_scan.h"

namespace flowfile {
namespace {

// Rows per batch, batches read ahead per fragment, and fragments (row
// groups, see SplitByRowGroups) in flight when one at a time is read (with a
// limit; without, FragmentReadahead sizes it): bounded memory for any file
// size while a few ranged GETs overlap object store latency.
constexpr std::int64_t kBatchRows = 64 * 1024;
constexpr std::int32_t kBatchReadahead = 4;
constexpr std::int32_t kFragmentReadahead = 3;  // row groups (or files) in flight

std::shared_ptr<internal::ScanPlan> CopyPlan(const internal::ScanPlan& plan) {
  return std::make_shared<internal::ScanPlan>(plan);
}

Status CheckColumns(const internal::ScanPlan& plan) {
  if (!plan.columns) return Status::Ok();
  const arrow::Schema& schema = *plan.dataset->schema();
  for (const std::string& column : *plan.columns) {
    if (schema.GetFieldIndex(column) < 0) {
      std::string names;
      for (const auto& field : schema.fields()) names += (names.empty() ? "" : ", ") + field->name();
      return Error(ErrorCode::kInvalidArgument,
                   "Column '" + column + "' is not in " + plan.uri + ": its columns are " + names + ".", "select");
    }
  }
  return Status::Ok();
}

}  // namespace

LazyFrame LazyFrame::Select(std::vector<std::string> columns) const {
  auto plan = CopyPlan(*plan_);
  plan->columns = std::move(columns);
  return LazyFrame(std::move(plan));
}

LazyFrame LazyFrame::Filter(ColumnFilter filter) const {
  auto plan = CopyPlan(*plan_);
  plan->filters.push_back(std::move(filter));
  return LazyFrame(std::move(plan));
}

LazyFrame LazyFrame::Limit(std::int64_t rows) const {
  auto plan = CopyPlan(*plan_);
  plan->limit = std::max<std::int64_t>(0, plan->limit ? std::min(*plan->limit, rows) : rows);
  return LazyFrame(std::move(plan));
}

std::string LazyFrame::Describe() const {
  const internal::ScanPlan& plan = *plan_;
  std::string text = "scan " + std::string(FileFormatName(plan.format)) + " " + plan.uri;
  if (plan.format == FileFormat::kDelta) {
    if (plan.changes_since) {
      text += " (changes since version " + std::to_string(*plan.changes_since) +
              (plan.version ? " to " + std::to_string(*plan.version) : std::string()) +
              (plan.include_change_preimage ? ", with pre-images)" : ")");
    } else {
      text += plan.version ? " (version " + std::to_string(*plan.version) + ")" : " (latest version)";
    }
  } else if (plan.format == FileFormat::kIceberg) {
    text += plan.snapshot_id ? " (snapshot " + std::to_string(*plan.snapshot_id) + ")" : " (no snapshot yet)";
  } else {
    text += " (" + std::to_string(plan.file_count) + (plan.file_count == 1 ? " file)" : " files)");
  }
  if (plan.columns) {
    text += "; select ";
    for (std::size_t i = 0; i < plan.columns->size(); ++i) text += (i ? ", " : "") + (*plan.columns)[i];
  }
  for (std::size_t i = 0; i < plan.filters.size(); ++i) {
    text += (i == 0 ? "; filter " : " and ") + io::DescribeFilter(plan.filters[i]);
  }
  if (plan.limit) text += "; limit " + std::to_string(*plan.limit);
  return text;
}

Result<std::vector<std::string>> LazyFrame::ColumnNames() const {
  FLOWFILE_RETURN_IF_ERROR(CheckColumns(*plan_));
  if (plan_->columns) return *plan_->columns;
  return plan_->dataset->schema()->field_names();
}

Result<std::vector<ColumnType>> LazyFrame::Columns() const {
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> names, ColumnNames());
  const arrow::Schema& schema = *plan_->dataset->schema();
  std::vector<ColumnType> columns;
  for (std::string& name : names) {
    const std::shared_ptr<arrow::Field> field = schema.GetFieldByName(name);
    columns.push_back({std::move(name), field ? field->type()->ToString() : "unknown"});
  }
  return columns;
}

Status LazyFrame::ExportStream(ArrowArrayStream* out) const {
  const internal::ScanPlan& plan = *plan_;
  FLOWFILE_RETURN_IF_ERROR(io::EnsureComputeReady());
  FLOWFILE_RETURN_IF_ERROR(CheckColumns(plan));
  if (plan.format == FileFormat::kDelta) return io::ExportDeltaStream(plan, out);
  if (plan.format == FileFormat::kIceberg) return io::ExportIcebergStream(plan, out);
  auto failed = [&](const arrow::Status& status) { return plan.storage.MapError(status, plan.uri); };
  arrow::compute::Expression filter = arrow::compute::literal(true);
  if (!plan.filters.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(filter, io::ToExpression(plan.filters, *plan.dataset->schema()));
  }
  // Builds the scanner of one dataset (the whole plan, or one part of it).
  auto make_scanner = [plan_ptr = plan_, filter](
                          std::shared_ptr<arrow::dataset::Dataset> dataset,
                          std::int32_t readahead) -> arrow::Result<std::shared_ptr<arrow::dataset::Scanner>> {
    const internal::ScanPlan& p = *plan_ptr;
    arrow::dataset::ScannerBuilder builder(std::move(dataset));
    if (p.columns) ARROW_RETURN_NOT_OK(builder.Project(*p.columns));
    ARROW_RETURN_NOT_OK(builder.Filter(filter));
    ARROW_RETURN_NOT_OK(builder.BatchSize(kBatchRows));
    ARROW_RETURN_NOT_OK(builder.BatchReadahead(kBatchReadahead));
    ARROW_RETURN_NOT_OK(builder.FragmentReadahead(readahead));
    ARROW_RETURN_NOT_OK(builder.UseThreads(true));
    return builder.Finish();
  };
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<arrow::dataset::Dataset> dataset, io::CurrentDataset(plan));
  auto whole = make_scanner(dataset, kFragmentReadahead);
  if (!whole.ok()) return failed(whole.status());
  std::shared_ptr<arrow::Schema> schema = (*whole)->options()->projected_schema;
  io::PartOpener open_next;
  if (!plan.limit) {
    // One scanner over all row groups: parallel, and bounded by its read-ahead.
    auto split = io::SplitByRowGroups(dataset, filter);
    if (!split.ok()) return failed(split.status());
    const std::int32_t readahead = io::FragmentReadahead(**split);  // many small files, few large row groups
    auto scanner = make_scanner(*std::move(split), readahead);
    if (!scanner.ok()) return failed(scanner.status());
    open_next = [scanner = *std::move(scanner),
                 opened = false]() mutable -> arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> {
      if (opened) return nullptr;
      opened = true;
      return io::OpenStoppableScan(*scanner);
    };
  } else {
    // Row groups one at a time, so reading stops soon after the limit.
    auto parts = io::PartQueue::Make(dataset, filter);
    if (!parts.ok()) return failed(parts.status());
    std::shared_ptr<io::PartQueue> queue = *std::move(parts);
    open_next = [make_scanner, queue]() -> arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> {
      ARROW_ASSIGN_OR_RAISE(auto part, queue->Next());
      if (part == nullptr) return nullptr;
      ARROW_ASSIGN_OR_RAISE(auto scanner, make_scanner(std::move(part), kFragmentReadahead));
      return io::OpenStoppableScan(*scanner);
    };
  }
  auto exported = arrow::ExportRecordBatchReader(
      io::MakePlanReader(std::move(schema), std::move(open_next), plan.limit, plan.storage, plan.uri), out);
  if (!exported.ok()) return failed(exported);
  return Status::Ok();
}

}  // namespace flowfile
