#include "src/io/delta_table.h"

#include <arrow/array.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/dataset/dataset.h>
#include <arrow/record_batch.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "src/io/iso_time.h"
#include "src/io/table_library.h"
#include "src/io/table_rows.h"
#include "src/io/write_rules.h"

namespace flowfile::io {
namespace {

constexpr std::size_t kMessageBytes = 2048;

void Release(ArrowArrayStream* stream) {
  if (stream != nullptr && stream->release != nullptr) stream->release(stream);
}

// What a scan asks of the table beyond its columns and filters.
struct TableRead {
  std::optional<std::int64_t> version;
  std::optional<std::int64_t> changes_since;
  bool include_change_preimage = false;
};

// `text` as milliseconds since the epoch, or kInvalidArgument for `field`.
Result<std::int64_t> TimeOf(const std::string& text, const char* field) {
  const std::optional<std::int64_t> ms = ParseIsoTime(text);
  if (ms) return *ms;
  return Error(ErrorCode::kInvalidArgument,
               "'" + text +
                   "' is not a time: write it in ISO 8601, as 2026-12-04T10:30:00Z or 2026-12-04 (UTC when no "
                   "zone is given).",
               field);
}

// The version `request` reads: its version, or the one its timestamp names.
Result<std::optional<std::int64_t>> ResolveVersion(const cloud::CloudStorage& storage, const TableRef& ref,
                                                   const ScanRequest& request) {
  if (!request.timestamp) return request.version;
  if (request.version) {
    return Error(ErrorCode::kInvalidArgument, "give a version or a timestamp to read, not both.", "timestamp");
  }
  FLOWFILE_ASSIGN_OR_RETURN(const std::int64_t as_of, TimeOf(*request.timestamp, "timestamp"));
  const FftTable table = ref.table();
  std::int64_t version = -1;
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_version_at(&table, as_of, 0, &version, message.data(), message.size());
  if (code == FFT_VERSION_NOT_FOUND) {
    return Error(ErrorCode::kInvalidArgument,
                 "Delta table " + ref.uri() + " has no version committed at or before " + *request.timestamp +
                     ": its first commit is later.",
                 "timestamp");
  }
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref.uri());
  return std::optional<std::int64_t>(version);
}

// The version a change feed starts at: changes_since, or the first version
// committed at or after changes_since_timestamp (resolved by the library).
Result<std::optional<std::int64_t>> ResolveChangesSince(const cloud::CloudStorage& storage, const TableRef& ref,
                                                        const ScanRequest& request) {
  if (!request.changes_since_timestamp) return request.changes_since;
  FLOWFILE_ASSIGN_OR_RETURN(const std::int64_t from, TimeOf(*request.changes_since_timestamp, "changes_since"));
  const FftTable table = ref.table();
  std::int64_t version = -1;
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_version_at(&table, from, 1, &version, message.data(), message.size());
  if (code == FFT_VERSION_NOT_FOUND) {
    return Error(ErrorCode::kInvalidArgument,
                 "Delta table " + ref.uri() + ", changes since " + *request.changes_since_timestamp + ": " +
                     storage.masker->Mask(message.data()) + ".",
                 "changes_since");
  }
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref.uri());
  return std::optional<std::int64_t>(version);
}

// Opens the library's stream of `columns` (nullopt: all) as `read` asks.
Status OpenScan(const cloud::CloudStorage& storage, const TableRef& ref, const TableRead& read,
                const std::optional<std::vector<std::string>>& columns, const std::vector<ColumnFilter>& filters,
                ArrowArrayStream* out) {
  std::vector<const char*> names;
  if (columns) {
    for (const std::string& name : *columns) names.push_back(name.c_str());
  }
  const std::vector<FftFilter> library_filters = ToLibraryFilters(filters);
  FftScan scan{};
  scan.table = ref.table();
  scan.version = read.version.value_or(-1);
  scan.changes_since = read.changes_since.value_or(-1);
  scan.include_preimage = read.include_change_preimage ? 1 : 0;
  // A non-null pointer asks for a projection even when it names no column.
  static const char* const kNoColumn = nullptr;
  scan.columns = columns ? (names.empty() ? &kNoColumn : names.data()) : nullptr;
  scan.column_count = names.size();
  scan.filters = library_filters.data();
  scan.filter_count = library_filters.size();
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_scan(&scan, out, message.data(), message.size());
  if (code == FFT_VERSION_NOT_FOUND && read.changes_since) {
    return Error(ErrorCode::kInvalidArgument,
                 "Delta table " + ref.uri() + ": " + storage.masker->Mask(message.data()) + ".", "changes_since");
  }
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref.uri());
  return Status::Ok();
}

// The library's history batch (see fft_delta_history) as TableVersions.
Status AppendVersions(const arrow::RecordBatch& batch, std::vector<TableVersion>& out) {
  const auto int64 = [&](const char* name) -> std::shared_ptr<arrow::Int64Array> {
    auto column = batch.GetColumnByName(name);
    return column && column->type_id() == arrow::Type::INT64 ? std::static_pointer_cast<arrow::Int64Array>(column)
                                                             : nullptr;
  };
  auto version = int64("version");
  auto timestamp = batch.GetColumnByName("timestamp");
  auto operation = std::dynamic_pointer_cast<arrow::StringArray>(batch.GetColumnByName("operation"));
  auto rows_added = int64("rows_added");
  auto rows_removed = int64("rows_removed");
  auto files_added = int64("files_added");
  auto files_removed = int64("files_removed");
  if (!version || !timestamp || timestamp->type_id() != arrow::Type::TIMESTAMP || !operation || !rows_added ||
      !rows_removed || !files_added || !files_removed) {
    return Error(ErrorCode::kInternal, "The table library's history has an unexpected schema.");
  }
  const auto& times = static_cast<const arrow::TimestampArray&>(*timestamp);
  const auto optional = [](const arrow::Int64Array& column, std::int64_t row) {
    return column.IsNull(row) ? std::nullopt : std::optional<std::int64_t>(column.Value(row));
  };
  for (std::int64_t row = 0; row < batch.num_rows(); ++row) {
    TableVersion entry;
    entry.version = version->Value(row);
    entry.timestamp_ms = times.Value(row);
    if (operation->IsValid(row)) entry.operation = std::string(operation->GetView(row));
    entry.rows_added = optional(*rows_added, row);
    entry.rows_removed = optional(*rows_removed, row);
    entry.files_added = files_added->Value(row);
    entry.files_removed = files_removed->Value(row);
    out.push_back(std::move(entry));
  }
  return Status::Ok();
}

}  // namespace

Result<LazyFrame> ScanDeltaTable(const cloud::CloudStorage& storage, const ScanRequest& request) {
  if (request.version && *request.version < 0) {
    return Error(ErrorCode::kInvalidArgument, "version must be 0 or more (Delta versions count from 0).",
                 "version");
  }
  if (request.changes_since && *request.changes_since < 0) {
    return Error(ErrorCode::kInvalidArgument, "changes_since must be a version, 0 or more.", "changes_since");
  }
  if (request.changes_since && request.changes_since_timestamp) {
    return Error(ErrorCode::kInvalidArgument, "give changes_since as a version or as a time, not both.",
                 "changes_since");
  }
  const bool change_feed = request.changes_since || request.changes_since_timestamp;
  if (!change_feed && request.include_change_preimage) {
    return Error(ErrorCode::kInvalidArgument, "applies to a change feed read: give changes_since too.",
                 "include_change_preimage");
  }
  FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(storage, request.path));
  TableRead read;
  // A timestamp is resolved once, here: the plan reads one fixed version.
  FLOWFILE_ASSIGN_OR_RETURN(read.version, ResolveVersion(storage, ref, request));
  FLOWFILE_ASSIGN_OR_RETURN(read.changes_since, ResolveChangesSince(storage, ref, request));
  read.include_change_preimage = request.include_change_preimage;
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(OpenScan(storage, ref, read, std::nullopt, {}, &stream));
  // The schema only: the stream has read the log, no data file yet.
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) return storage.MapError(reader.status(), ref.uri());
  std::shared_ptr<arrow::Schema> schema = (*reader)->schema();
  (void)(*reader)->Close();

  auto plan = std::make_shared<internal::ScanPlan>();
  plan->storage = storage;
  plan->uri = ref.uri();
  plan->format = FileFormat::kDelta;
  plan->version = read.version;
  plan->changes_since = read.changes_since;
  plan->include_change_preimage = read.include_change_preimage;
  // An empty in-memory dataset carries the table's schema, so the shared
  // plan code (columns, types, filter checks) works as for files.
  plan->dataset = std::make_shared<arrow::dataset::InMemoryDataset>(schema, arrow::RecordBatchVector{});
  return LazyFrame(std::move(plan));
}

Status ExportDeltaStream(const internal::ScanPlan& plan, ArrowArrayStream* out) {
  return ExportTableRows(
      plan,
      [&plan](ArrowArrayStream* stream) -> Status {
        FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(plan.storage, plan.uri));
        const TableRead read{plan.version, plan.changes_since, plan.include_change_preimage};
        return OpenScan(plan.storage, ref, read, NeededColumns(plan), plan.filters, stream);
      },
      out);
}

namespace {

int32_t LibraryMode(WriteMode mode) {
  switch (mode) {
    case WriteMode::kAppend:
      return FFT_APPEND;
    case WriteMode::kError:
      return FFT_ERROR_IF_EXISTS;
    case WriteMode::kUpsert:
      return FFT_UPSERT;
    case WriteMode::kUpdate:
      return FFT_UPDATE;
    case WriteMode::kDelete:
      return FFT_DELETE;
    case WriteMode::kOverwrite:
      break;
  }
  return FFT_OVERWRITE;
}

std::vector<const char*> Pointers(const std::vector<std::string>& names) {
  std::vector<const char*> pointers;
  pointers.reserve(names.size());
  for (const std::string& name : names) pointers.push_back(name.c_str());
  return pointers;
}

}  // namespace

Result<WriteResult> WriteDeltaTable(const cloud::CloudStorage& storage, const WriteRequest& request,
                                    ArrowArrayStream* input) {
  const auto started = std::chrono::steady_clock::now();
  Status checked = CheckWriteRules(request);
  auto ref = checked.ok() ? TableRef::Make(storage, request.path) : Result<TableRef>(checked.error());
  if (!ref.ok()) {
    Release(input);  // consumed also on error
    return ref.error();
  }
  const std::vector<const char*> partition_by = Pointers(request.partition_by);
  const std::vector<const char*> merge_keys = Pointers(request.merge_keys);
  FftWrite write{};
  write.table = ref->table();
  write.mode = LibraryMode(request.mode);
  write.partition_by = partition_by.data();
  write.partition_count = partition_by.size();
  write.merge_keys = merge_keys.data();
  write.merge_key_count = merge_keys.size();
  write.track_changes = request.track_changes ? 1 : 0;
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

Result<std::vector<TableVersion>> DeltaHistory(const cloud::CloudStorage& storage, std::string_view path,
                                               std::int64_t limit) {
  if (limit < 0) return Error(ErrorCode::kInvalidArgument, "must be 0 (every version) or more.", "limit");
  FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(storage, path));
  const FftTable table = ref.table();
  ArrowArrayStream stream{};
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_delta_history(&table, limit, &stream, message.data(), message.size());
  if (code != FFT_OK) return LibraryError(storage, code, message.data(), ref.uri());
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) return storage.MapError(reader.status(), ref.uri());
  auto batches = (*reader)->ToRecordBatches();
  if (!batches.ok()) return storage.MapError(batches.status(), ref.uri());
  std::vector<TableVersion> versions;
  for (const std::shared_ptr<arrow::RecordBatch>& batch : *batches) {
    FLOWFILE_RETURN_IF_ERROR(AppendVersions(*batch, versions));
  }
  return versions;
}

}  // namespace flowfile::io
