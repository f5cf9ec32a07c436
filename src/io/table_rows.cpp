#include "src/io/table_rows.h"

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/dataset/dataset.h>

#include <algorithm>
#include <memory>

#include "src/io/filter_expression.h"
#include "src/io/plan_reader.h"
#include "src/io/row_filter_reader.h"

namespace flowfile::io {

std::optional<std::vector<std::string>> NeededColumns(const internal::ScanPlan& plan) {
  if (!plan.columns) return std::nullopt;
  std::vector<std::string> needed = *plan.columns;
  for (const ColumnFilter& filter : plan.filters) {
    if (std::find(needed.begin(), needed.end(), filter.column) == needed.end()) needed.push_back(filter.column);
  }
  return needed;
}

Status ExportTableRows(const internal::ScanPlan& plan, const std::function<Status(ArrowArrayStream*)>& open_scan,
                       ArrowArrayStream* out) {
  arrow::compute::Expression filter = arrow::compute::literal(true);
  if (!plan.filters.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(filter, ToExpression(plan.filters, *plan.dataset->schema()));
  }
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(open_scan(&stream));
  auto imported = arrow::ImportRecordBatchReader(&stream);
  if (!imported.ok()) return plan.storage.MapError(imported.status(), plan.uri);
  auto filtered = FilterRows(*std::move(imported), filter, plan.columns);
  if (!filtered.ok()) return plan.storage.MapError(filtered.status(), plan.uri);
  std::shared_ptr<arrow::Schema> schema = (*filtered)->schema();
  PartOpener open_once = [reader = *std::move(filtered),
                          opened = false]() mutable -> arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> {
    if (opened) return nullptr;
    opened = true;
    return reader;
  };
  auto exported = arrow::ExportRecordBatchReader(
      MakePlanReader(std::move(schema), std::move(open_once), plan.limit, plan.storage, plan.uri), out);
  if (!exported.ok()) return plan.storage.MapError(exported, plan.uri);
  return Status::Ok();
}

}  // namespace flowfile::io
