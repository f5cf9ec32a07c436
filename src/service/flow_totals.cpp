#include "src/service/flow_totals.h"

#include <arrow/dataset/scanner.h>

#include <algorithm>

#include "src/io/compute_ready.h"
#include "src/io/scan_plan.h"

namespace flowfile::service {

std::optional<std::int64_t> KnownRowCount(const LazyFrame& frame) {
  const internal::ScanPlan& plan = frame.plan();
  if (plan.format != FileFormat::kParquet || !plan.filters.empty() || !plan.dataset) return std::nullopt;
  if (plan.limit && *plan.limit == 0) return 0;
  // The scanner needs Arrow's compute functions.
  if (!io::EnsureComputeReady().ok()) return std::nullopt;
  // Without a filter, Arrow counts Parquet rows from the footers.
  auto builder = std::make_shared<arrow::dataset::ScannerBuilder>(plan.dataset);
  arrow::Result<std::shared_ptr<arrow::dataset::Scanner>> scanner = builder->Finish();
  if (!scanner.ok()) return std::nullopt;
  arrow::Result<std::int64_t> rows = (*scanner)->CountRows();
  if (!rows.ok()) return std::nullopt;
  return plan.limit ? std::min(*rows, *plan.limit) : *rows;
}

}  // namespace flowfile::service
