// Reading and writing data through a connection: formats, lazy frames and
// write options.
//
// A LazyFrame is a plan (scan + projection + filters + limit) that runs only
// when exported as an Arrow C stream; projection, filters and limit are
// pushed down to the reader, so Parquet row groups and columns that are not
// needed are never fetched. Only the Arrow C data interface (a plain C ABI)
// appears here, never Arrow's C++ types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flowfile/result.h"

struct ArrowArrayStream;  // arrow/c/abi.h

namespace flowfile {

// The version of the Apache Arrow C++ libraries the data engine runs on,
// as loaded at run time ("26.0.1").
std::string ArrowVersion();

// kDelta is a Delta Lake table: a folder with a _delta_log, read and
// written through the table library (rust/flowfile_tables), never by hand.
// kIceberg is an Iceberg table (its folder, or one of its .metadata.json
// files), read through the same library; not written.
enum class FileFormat { kParquet, kCsv, kJson, kDelta, kIceberg };
std::string_view FileFormatName(FileFormat format);  // "parquet", "csv", "json", "delta", "iceberg"
Result<FileFormat> ParseFileFormat(std::string_view name);
// The format a path's extension names (".parquet", ".csv", ".json",
// ".ndjson", ".jsonl"); nullopt for any other.
std::optional<FileFormat> FileFormatFromPath(std::string_view path);

struct CsvOptions {
  char delimiter = ',';
  bool has_header = true;
  char quote = '"';
  std::string encoding = "utf8";  // utf8; other encodings are transcoded on read
};

struct ScanRequest {
  // An object, a directory (prefix) or a glob: s3://bucket/dir/*.parquet,
  // gs://..., abfs://container@account/... (az:// and abfss:// too).
  std::string path;
  FileFormat format = FileFormat::kParquet;
  CsvOptions csv;
  bool hive_partitioning = true;  // key=value folders become columns
  // kDelta only: the table version to read (time travel); nullopt: latest.
  std::optional<std::int64_t> version;
  // kDelta only, instead of version: the latest version committed at or
  // before this time, ISO 8601 ("2026-12-04T10:30:00Z", "2026-12-04 10:30",
  // "2026-12-04"; no zone means UTC). kInvalidArgument (field "timestamp")
  // for a time before the table's first commit. kIceberg, instead of
  // snapshot_id: the snapshot that was current at that time.
  std::optional<std::string> timestamp;
  // kIceberg only: the snapshot to read (time travel); nullopt: the
  // current one. kInvalidArgument (field "snapshot_id") for an id the
  // table does not have.
  std::optional<std::int64_t> snapshot_id;
  // kDelta only: the change data feed from this version up to `version`
  // (else the latest): the rows each commit inserted, deleted or updated,
  // with _change_type, _commit_version and _commit_timestamp columns. The
  // table must record its changes (delta.enableChangeDataFeed).
  std::optional<std::int64_t> changes_since;
  // kDelta only, instead of changes_since: the change feed from the first
  // version committed at or after this time (ISO 8601, as `timestamp`).
  // kInvalidArgument (field "changes_since") for a time after the last
  // commit or before the first one.
  std::optional<std::string> changes_since_timestamp;
  // With changes_since: keep an update's old row (_change_type
  // "update_preimage") beside its new one.
  bool include_change_preimage = false;
};

// One commit of a Delta table, as its history lists it.
struct TableVersion {
  std::int64_t version = 0;
  std::int64_t timestamp_ms = 0;  // the commit's time, milliseconds since the epoch (UTC)
  std::string operation;          // as its writer recorded it ("WRITE", "CREATE TABLE"); may be empty
  // Rows of the files the commit added or removed; nullopt when a file
  // carries no statistics to count them by.
  std::optional<std::int64_t> rows_added;
  std::optional<std::int64_t> rows_removed;
  std::int64_t files_added = 0;
  std::int64_t files_removed = 0;
};

// A comparison pushed down to the reader: column <op> value.
struct ColumnFilter {
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
  using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;
  std::string column;
  Op op = Op::kEq;
  Value value;
};
// "eq", "ne", "lt", "le", "gt", "ge", "is_null", "is_not_null": the names
// the Python package and the HTTP API use.
Result<ColumnFilter::Op> ParseFilterOp(std::string_view name);
// kInvalidArgument naming `field` when a comparison that needs a value has
// none: nulls are matched with is_null and is_not_null.
Status CheckColumnFilter(const ColumnFilter& filter, std::string_view field = "value");

namespace internal {
struct ScanPlan;
}

struct ColumnType {
  std::string name;
  std::string type;
};

// An immutable plan; cheap to copy; safe to share between threads.
class LazyFrame {
 public:
  explicit LazyFrame(std::shared_ptr<const internal::ScanPlan> plan) : plan_(std::move(plan)) {}

  LazyFrame Select(std::vector<std::string> columns) const;
  LazyFrame Filter(ColumnFilter filter) const;  // filters are ANDed
  LazyFrame Limit(std::int64_t rows) const;

  // The plan in words (format, path, columns, filters, limit): never a secret.
  std::string Describe() const;
  // Column names after projection (reads only metadata).
  Result<std::vector<std::string>> ColumnNames() const;
  // Columns after projection with their types in Arrow's words ("int64",
  // "timestamp[us]"); reads only metadata.
  Result<std::vector<ColumnType>> Columns() const;
  // Runs the plan into an Arrow C stream that the caller owns and releases.
  // Reads in batches with bounded memory.
  Status ExportStream(ArrowArrayStream* out) const;

  const internal::ScanPlan& plan() const { return *plan_; }

 private:
  std::shared_ptr<const internal::ScanPlan> plan_;
};

enum class Compression { kSnappy, kGzip, kBrotli, kLz4, kZstd, kNone };
Result<Compression> ParseCompression(std::string_view name);
// kError (Delta only): fail with kAlreadyExists when a table is there.
// kUpsert, kUpdate, kDelete (Delta only) match rows by WriteRequest::merge_keys:
// upsert replaces the table's matching rows and inserts the others, update
// replaces matching rows only, delete removes the table's matching rows.
enum class WriteMode { kOverwrite, kAppend, kError, kUpsert, kUpdate, kDelete };
// "overwrite", "append", "error", "upsert", "update", "delete".
Result<WriteMode> ParseWriteMode(std::string_view name);
std::string_view WriteModeName(WriteMode mode);

// The names of each choice as front ends offer them, from the one table
// each parser above reads (aliases such as "ndjson" or "uncompressed" are
// accepted but not offered). Error messages list them; the Python package's
// Literals and api/openapi.yaml's enums are checked against them
// (tests/python/test_declared_choices.py).
std::vector<std::string_view> FileFormatNames();
std::vector<std::string_view> CompressionNames();
std::vector<std::string_view> WriteModeNames();
std::vector<std::string_view> FilterOpNames();

struct WriteRequest {
  // An object path; with kAppend, a directory that gets a new part file.
  std::string path;
  FileFormat format = FileFormat::kParquet;
  Compression compression = Compression::kSnappy;  // parquet only
  std::int64_t row_group_size = 1 << 20;           // rows per Parquet row group
  WriteMode mode = WriteMode::kOverwrite;
  CsvOptions csv;
  // kDelta only: the columns whose values name the table's partition
  // folders (given when the table is created; an existing table keeps its own).
  std::vector<std::string> partition_by;
  // kDelta with kUpsert, kUpdate or kDelete: the columns that identify a row.
  std::vector<std::string> merge_keys;
  // kDelta: a new table records its change data feed (delta.enableChangeDataFeed).
  bool track_changes = false;
};

struct WriteResult {
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  double seconds = 0;
  std::string path;           // the object written (the part file when appending)
  std::int64_t version = -1;  // kDelta: the table version committed
};

}  // namespace flowfile
