#include "src/io/delta_table.h"

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/dataset/dataset.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "src/io/filter_expression.h"
#include "src/io/plan_reader.h"
#include "src/io/row_filter_reader.h"
#include "src/io/table_library.h"

namespace flowfile::io {
namespace {

constexpr std::size_t kMessageBytes = 2048;

void Release(ArrowArrayStream* stream) {
  if (stream != nullptr && stream->release != nullptr) stream->release(stream);
}

// Opens the library's stream of `columns` (nullopt: all) at `version`.
Status OpenScan(const cloud::CloudStorage& storage, const TableRef& ref, std::optional<std::int64_t> version,
                const std::optional<std::vector<std::string>>& columns, const std::vector<ColumnFilter>& filters,
                ArrowArrayStream* out) {
  std::vector<const char*> names;
  if (columns) {
    for (const std::string& name : *columns) names.push_back(name.c_str());
  }
  const std::vector<FftFilter> library_filters = ToLibraryFilters(filters);
  FftScan scan{};
  scan.table = ref.table();
  scan.version = version.value_or(-1);
  // A non-null pointer asks for a projection even when it names no column.
  static const char* const kNoColumn = nullptr;
  scan.columns = columns ? (names.empty() ? &kNoColumn : names.data()) : nullptr;
  scan.column_count = names.size();
  scan.filters = library_filters.data();
  scan.filter_count = library_filters.size();
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_scan(&scan, out, message.data(), message.size());
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref.uri());
  return Status::Ok();
}

// The columns the library must return: the selected ones plus those the
// row filter reads.
std::optional<std::vector<std::string>> NeededColumns(const internal::ScanPlan& plan) {
  if (!plan.columns) return std::nullopt;
  std::vector<std::string> needed = *plan.columns;
  for (const ColumnFilter& filter : plan.filters) {
    if (std::find(needed.begin(), needed.end(), filter.column) == needed.end()) needed.push_back(filter.column);
  }
  return needed;
}

}  // namespace

Result<LazyFrame> ScanDeltaTable(const cloud::CloudStorage& storage, const ScanRequest& request) {
  if (request.version && *request.version < 0) {
    return Error(ErrorCode::kInvalidArgument, "version must be 0 or more (Delta versions count from 0).",
                 "version");
  }
  FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(storage, request.path));
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(OpenScan(storage, ref, request.version, std::nullopt, {}, &stream));
  // The schema only: the stream has read the log, no data file yet.
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) return storage.MapError(reader.status(), ref.uri());
  std::shared_ptr<arrow::Schema> schema = (*reader)->schema();
  (void)(*reader)->Close();

  auto plan = std::make_shared<internal::ScanPlan>();
  plan->storage = storage;
  plan->uri = ref.uri();
  plan->format = FileFormat::kDelta;
  plan->version = request.version;
  // An empty in-memory dataset carries the table's schema, so the shared
  // plan code (columns, types, filter checks) works as for files.
  plan->dataset = std::make_shared<arrow::dataset::InMemoryDataset>(schema, arrow::RecordBatchVector{});
  return LazyFrame(std::move(plan));
}

Status ExportDeltaStream(const internal::ScanPlan& plan, ArrowArrayStream* out) {
  arrow::compute::Expression filter = arrow::compute::literal(true);
  if (!plan.filters.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(filter, ToExpression(plan.filters, *plan.dataset->schema()));
  }
  FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(plan.storage, plan.uri));
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(OpenScan(plan.storage, ref, plan.version, NeededColumns(plan), plan.filters, &stream));
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

Result<WriteResult> WriteDeltaTable(const cloud::CloudStorage& storage, const WriteRequest& request,
                                    ArrowArrayStream* input) {
  const auto started = std::chrono::steady_clock::now();
  auto ref = TableRef::Make(storage, request.path);
  if (!ref.ok()) {
    Release(input);  // consumed also on error
    return ref.error();
  }
  std::vector<const char*> partition_by;
  for (const std::string& column : request.partition_by) partition_by.push_back(column.c_str());
  FftWrite write{};
  write.table = ref->table();
  write.mode = request.mode == WriteMode::kAppend  ? FFT_APPEND
               : request.mode == WriteMode::kError ? FFT_ERROR_IF_EXISTS
                                                   : FFT_OVERWRITE;
  write.partition_by = partition_by.data();
  write.partition_count = partition_by.size();
  FftWriteResult written{};
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_write(&write, input, &written, message.data(), message.size());
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref->uri());
  WriteResult result;
  result.rows = written.rows;
  result.path = ref->uri();
  result.version = written.version;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace flowfile::io
