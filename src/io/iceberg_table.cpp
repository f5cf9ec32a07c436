#include "src/io/iceberg_table.h"

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/dataset/dataset.h>
#include <arrow/record_batch.h>
#include <flowfile_iceberg.h>

#include <algorithm>
#include <array>

#include "src/io/iso_time.h"
#include "src/io/table_library.h"
#include "src/io/table_rows.h"

namespace flowfile::io {
namespace {

constexpr std::size_t kMessageBytes = 2048;

// Which snapshot a scan asks for; none: the current one.
struct SnapshotChoice {
  std::optional<std::int64_t> snapshot_id;
  std::optional<std::int64_t> as_of_ms;
};

Result<SnapshotChoice> ChooseSnapshot(const ScanRequest& request) {
  for (const auto& [given, field] :
       {std::pair{request.version.has_value(), "version"},
        std::pair{request.changes_since || request.changes_since_timestamp, "changes_since"},
        std::pair{request.include_change_preimage, "include_change_preimage"}}) {
    if (given) {
      return Error(ErrorCode::kInvalidArgument,
                   std::string(field) +
                       " applies to Delta tables: an Iceberg table is read by snapshot_id or "
                       "timestamp.",
                   field);
    }
  }
  SnapshotChoice choice{request.snapshot_id, std::nullopt};
  if (!request.timestamp) return choice;
  if (request.snapshot_id) {
    return Error(ErrorCode::kInvalidArgument, "give a snapshot_id or a timestamp to read, not both.", "timestamp");
  }
  choice.as_of_ms = ParseIsoTime(*request.timestamp);
  if (!choice.as_of_ms) {
    return Error(ErrorCode::kInvalidArgument,
                 "'" + *request.timestamp +
                     "' is not a time: write it in ISO 8601, as 2026-12-04T10:30:00Z or 2026-12-04 (UTC when no "
                     "zone is given).",
                 "timestamp");
  }
  return choice;
}

// The library's failure in Iceberg's words; the message is masked.
Error IcebergError(const cloud::CloudStorage& storage, int32_t code, const char* message, const std::string& uri,
                   const SnapshotChoice& choice) {
  const std::string said = storage.masker->Mask(message);
  switch (code) {
    case FFT_NOT_A_TABLE:
      return Error(ErrorCode::kPathNotFound,
                   uri +
                       " is not an Iceberg table (no metadata/ folder with a .metadata.json file): check the "
                       "path.",
                   "path");
    case FFT_VERSION_NOT_FOUND:
      return Error(ErrorCode::kInvalidArgument, "Iceberg table " + uri + ": " + said + ".",
                   choice.snapshot_id ? "snapshot_id" : "timestamp");
    case FFT_INVALID_ARGUMENT:
    case FFT_UNSUPPORTED:
      return Error(ErrorCode::kInvalidArgument, "Iceberg table " + uri + ": " + said + ".");
    case FFT_STORAGE:
      return storage.MapError(arrow::Status::IOError(said), uri);
    default:
      return Error(ErrorCode::kInternal, "Iceberg table " + uri + ": " + said);
  }
}

// What one library scan reads besides the snapshot.
struct ScanShape {
  std::optional<std::vector<std::string>> columns;  // nullopt: all
  std::vector<ColumnFilter> filters;
  std::optional<std::int64_t> limit;  // rows the library may stop at
};

// Opens the library's stream for `shape`; `chosen` receives the snapshot
// read (nullopt: the table has none).
Status OpenScan(const cloud::CloudStorage& storage, const TableRef& ref, const SnapshotChoice& choice,
                const ScanShape& shape, ArrowArrayStream* out, std::optional<std::int64_t>* chosen) {
  const auto& columns = shape.columns;
  std::vector<const char*> names;
  if (columns) {
    for (const std::string& name : *columns) names.push_back(name.c_str());
  }
  const std::vector<FftFilter> library_filters = ToLibraryFilters(shape.filters);
  FftIcebergScan scan{};
  scan.table = ref.table();
  scan.has_snapshot_id = choice.snapshot_id ? 1 : 0;
  scan.snapshot_id = choice.snapshot_id.value_or(0);
  scan.has_as_of = choice.as_of_ms ? 1 : 0;
  scan.as_of_ms = choice.as_of_ms.value_or(0);
  // A non-null pointer asks for a projection even when it names no column.
  static const char* const kNoColumn = nullptr;
  scan.columns = columns ? (names.empty() ? &kNoColumn : names.data()) : nullptr;
  scan.column_count = names.size();
  scan.filters = library_filters.data();
  scan.filter_count = library_filters.size();
  scan.has_limit = shape.limit ? 1 : 0;
  scan.limit = static_cast<std::uint64_t>(std::max<std::int64_t>(shape.limit.value_or(0), 0));
  std::int64_t snapshot = -1;
  std::array<char, kMessageBytes> message{};
  const int32_t code = fft_iceberg_scan(&scan, out, &snapshot, message.data(), message.size());
  if (code != FFT_OK) return IcebergError(storage, code, message.data(), ref.uri(), choice);
  if (chosen != nullptr) *chosen = snapshot < 0 ? std::nullopt : std::optional<std::int64_t>(snapshot);
  return Status::Ok();
}

}  // namespace

Result<LazyFrame> ScanIcebergTable(const cloud::CloudStorage& storage, const ScanRequest& request) {
  FLOWFILE_ASSIGN_OR_RETURN(SnapshotChoice choice, ChooseSnapshot(request));
  FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(storage, request.path));
  ArrowArrayStream stream{};
  std::optional<std::int64_t> snapshot;
  FLOWFILE_RETURN_IF_ERROR(OpenScan(storage, ref, choice, ScanShape{}, &stream, &snapshot));
  // The schema only: metadata and manifests were read, no data file yet.
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) return storage.MapError(reader.status(), ref.uri());
  std::shared_ptr<arrow::Schema> schema = (*reader)->schema();
  (void)(*reader)->Close();

  auto plan = std::make_shared<internal::ScanPlan>();
  plan->storage = storage;
  plan->uri = ref.uri();
  plan->format = FileFormat::kIceberg;
  // A time is resolved once, here: the plan reads one fixed snapshot.
  plan->snapshot_id = snapshot;
  // An empty in-memory dataset carries the table's schema, so the shared
  // plan code (columns, types, filter checks) works as for files.
  plan->dataset = std::make_shared<arrow::dataset::InMemoryDataset>(schema, arrow::RecordBatchVector{});
  return LazyFrame(std::move(plan));
}

Status ExportIcebergStream(const internal::ScanPlan& plan, ArrowArrayStream* out) {
  return ExportTableRows(
      plan,
      [&plan](ArrowArrayStream* stream) -> Status {
        FLOWFILE_ASSIGN_OR_RETURN(TableRef ref, TableRef::Make(plan.storage, plan.uri));
        if (plan.snapshot_id) {
          const SnapshotChoice choice{plan.snapshot_id, std::nullopt};
          // The library's filtering may keep rows the filters drop (it skips
          // what it can type exactly), so its row count can stand for the
          // limit only when there are no filters.
          const ScanShape shape{NeededColumns(plan), plan.filters,
                                plan.filters.empty() ? plan.limit : std::optional<std::int64_t>()};
          return OpenScan(plan.storage, ref, choice, shape, stream, nullptr);
        }
        // No snapshot when planned: an empty table, read as planned (no rows).
        auto empty = arrow::RecordBatchReader::Make({}, plan.dataset->schema());
        if (!empty.ok()) return plan.storage.MapError(empty.status(), plan.uri);
        auto exported = arrow::ExportRecordBatchReader(*empty, stream);
        if (!exported.ok()) return plan.storage.MapError(exported, plan.uri);
        return Status::Ok();
      },
      out);
}

}  // namespace flowfile::io
