#include "src/io/write.h"

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/cast.h>
#include <arrow/csv/writer.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/io/file.h>
#include <arrow/io/interfaces.h>
#include <arrow/ipc/writer.h>
#include <arrow/table.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "src/io/atomic_output.h"
#include "src/io/compute_ready.h"
#include "src/io/delta_table.h"
#include "src/io/file_formats.h"
#include "src/io/ndjson_writer.h"
#include "src/io/stream_errors.h"
#include "src/io/write_rules.h"

namespace flowfile::io {
namespace {

arrow::Compression::type ToArrow(Compression compression) {
  switch (compression) {
    case Compression::kSnappy:
      return arrow::Compression::SNAPPY;
    case Compression::kGzip:
      return arrow::Compression::GZIP;
    case Compression::kBrotli:
      return arrow::Compression::BROTLI;
    case Compression::kLz4:
      return arrow::Compression::LZ4;
    case Compression::kZstd:
      return arrow::Compression::ZSTD;
    case Compression::kNone:
      return arrow::Compression::UNCOMPRESSED;
  }
  return arrow::Compression::UNCOMPRESSED;
}

// The input's failures, told apart from the storage's: they are the
// caller's to explain, not a cloud error.
class InputReader {
 public:
  explicit InputReader(arrow::RecordBatchReader& reader) : reader_(reader) {}
  std::shared_ptr<arrow::Schema> schema() const { return reader_.schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) {
    arrow::Status status = reader_.ReadNext(batch);
    if (!status.ok()) failed_ = true;
    return status;
  }
  bool failed() const { return failed_; }

 private:
  arrow::RecordBatchReader& reader_;
  bool failed_ = false;
};

// Arrow's CSV writer has no view types (polars hands strings over as
// string_view): such columns are written as their plain large types.
std::shared_ptr<arrow::DataType> WithoutView(const std::shared_ptr<arrow::DataType>& type) {
  if (type->id() == arrow::Type::STRING_VIEW) return arrow::large_utf8();
  if (type->id() == arrow::Type::BINARY_VIEW) return arrow::large_binary();
  return type;
}

std::shared_ptr<arrow::Schema> WithoutViews(const arrow::Schema& schema) {
  arrow::FieldVector fields;
  for (const auto& field : schema.fields()) fields.push_back(field->WithType(WithoutView(field->type())));
  return arrow::schema(std::move(fields), schema.metadata());
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> CastTo(const std::shared_ptr<arrow::Schema>& schema,
                                                          const arrow::RecordBatch& batch) {
  arrow::ArrayVector columns;
  for (int i = 0; i < batch.num_columns(); ++i) {
    const std::shared_ptr<arrow::Array>& column = batch.column(i);
    if (column->type()->Equals(*schema->field(i)->type())) {
      columns.push_back(column);
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(arrow::Datum cast, arrow::compute::Cast(column, schema->field(i)->type()));
    columns.push_back(cast.make_array());
  }
  return arrow::RecordBatch::Make(schema, batch.num_rows(), std::move(columns));
}

// Rows looked at to tell whether a column is worth a dictionary, and the
// fewest that tell anything.
constexpr std::int64_t kDictionarySampleRows = 16 * 1024;
constexpr std::int64_t kDictionaryFewestRows = 1024;

// Parquet writers try a dictionary for every column and fall back to plain
// encoding once it outgrows its page (1 MiB): for mostly distinct values
// (ids, measurements) that work is thrown away, and it was three quarters
// of the encoding time of such columns. A column whose first values are
// mostly distinct is written plain from the start, as polars decides too;
// the others keep the dictionary.
void PlainWhereDistinct(const arrow::RecordBatch& first, parquet::WriterProperties::Builder& builder) {
  const std::int64_t rows = std::min(first.num_rows(), kDictionarySampleRows);
  if (rows < kDictionaryFewestRows || !io::EnsureComputeReady().ok()) return;
  for (int i = 0; i < first.num_columns(); ++i) {
    const std::shared_ptr<arrow::DataType>& type = first.column(i)->type();
    if (type->num_fields() > 0 || type->id() == arrow::Type::DICTIONARY) continue;  // nested or already coded
    auto unique = arrow::compute::Unique(first.column(i)->Slice(0, rows));
    if (unique.ok() && (*unique)->length() * 2 > rows)
      builder.disable_dictionary(first.schema()->field(i)->name());
  }
}

// Gathers batches into row groups and writes each column chunk straight to
// the sink. Arrow's buffered row groups (WriteRecordBatch) keep every
// encoded page until the group is full, so no byte left before a whole
// group (34 MB here) was encoded, and the pages were copied once more on
// the way out; written a column at a time, the first upload part leaves
// after 10 MiB. Holds at most a row group's rows (the input's arrays, not
// copies) plus one batch.
class RowGroups {
 public:
  RowGroups(parquet::arrow::FileWriter& writer, std::int64_t group_rows)
      : writer_(writer), group_rows_(group_rows) {}

  arrow::Status Add(std::shared_ptr<arrow::RecordBatch> batch) {
    held_rows_ += batch->num_rows();
    held_.push_back(std::move(batch));
    while (held_rows_ >= group_rows_) ARROW_RETURN_NOT_OK(WriteGroup(group_rows_));
    return arrow::Status::OK();
  }

  // Writes what is held as the last, shorter row group.
  arrow::Status Flush() { return held_rows_ > 0 ? WriteGroup(held_rows_) : arrow::Status::OK(); }

 private:
  arrow::Status WriteGroup(std::int64_t rows) {
    ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(writer_.schema(), held_));
    ARROW_RETURN_NOT_OK(writer_.WriteTable(*table->Slice(0, rows), rows));
    held_.clear();
    if (table->num_rows() > rows) {
      // The rest as slices of the same arrays: no copy.
      arrow::TableBatchReader rest(table->Slice(rows));
      ARROW_ASSIGN_OR_RAISE(held_, rest.ToRecordBatches());
    }
    held_rows_ -= rows;
    return arrow::Status::OK();
  }

  parquet::arrow::FileWriter& writer_;
  const std::int64_t group_rows_;
  std::vector<std::shared_ptr<arrow::RecordBatch>> held_;
  std::int64_t held_rows_ = 0;
};

// Hands every batch of `reader` to `write_batch`, counting rows.
template <typename WriteBatch>
arrow::Status CopyBatches(InputReader& reader, std::int64_t& rows, WriteBatch&& write_batch) {
  std::shared_ptr<arrow::RecordBatch> batch;
  while (true) {
    ARROW_RETURN_NOT_OK(reader.ReadNext(&batch));
    if (batch == nullptr) return arrow::Status::OK();
    ARROW_RETURN_NOT_OK(write_batch(*batch));
    rows += batch->num_rows();
  }
}

// Copies every batch of `reader` into `sink` in the request's format.
arrow::Status WriteBatches(InputReader& reader, const WriteRequest& request,
                           const std::shared_ptr<arrow::io::OutputStream>& sink, std::int64_t& rows) {
  const std::shared_ptr<arrow::Schema> schema = reader.schema();
  switch (request.format) {
    case FileFormat::kParquet: {
      // The first batch is read before the writer opens: it decides the encodings.
      std::shared_ptr<arrow::RecordBatch> first;
      ARROW_RETURN_NOT_OK(reader.ReadNext(&first));
      parquet::WriterProperties::Builder builder;
      builder.compression(ToArrow(request.compression))
          ->max_row_group_length(std::max<std::int64_t>(1, request.row_group_size));
      if (first != nullptr) PlainWhereDistinct(*first, builder);
      auto properties = builder.build();
      // store_schema keeps Arrow types (time zones, large strings) for Arrow readers.
      auto arrow_properties = parquet::ArrowWriterProperties::Builder().store_schema()->build();
      ARROW_ASSIGN_OR_RAISE(auto writer, parquet::arrow::FileWriter::Open(*schema, arrow::default_memory_pool(),
                                                                          sink, properties, arrow_properties));
      if (first != nullptr) {
        RowGroups groups(*writer, properties->max_row_group_length());
        for (std::shared_ptr<arrow::RecordBatch> batch = first; batch != nullptr;) {
          rows += batch->num_rows();
          ARROW_RETURN_NOT_OK(groups.Add(std::move(batch)));
          ARROW_RETURN_NOT_OK(reader.ReadNext(&batch));
        }
        ARROW_RETURN_NOT_OK(groups.Flush());
      }
      return writer->Close();
    }
    case FileFormat::kCsv: {
      if (request.csv.quote != '"') return arrow::Status::NotImplemented("CSV output quotes with '\"' only");
      auto options = arrow::csv::WriteOptions::Defaults();
      options.include_header = request.csv.has_header;
      options.delimiter = request.csv.delimiter;
      const std::shared_ptr<arrow::Schema> csv_schema = WithoutViews(*schema);
      ARROW_ASSIGN_OR_RAISE(auto writer, arrow::csv::MakeCSVWriter(sink, csv_schema, options));
      const bool has_views = !csv_schema->Equals(*schema);
      ARROW_RETURN_NOT_OK(CopyBatches(reader, rows, [&](const arrow::RecordBatch& batch) -> arrow::Status {
        if (!has_views) return writer->WriteRecordBatch(batch);
        ARROW_ASSIGN_OR_RAISE(auto plain, CastTo(csv_schema, batch));
        return writer->WriteRecordBatch(*plain);
      }));
      return writer->Close();
    }
    case FileFormat::kJson:
      return CopyBatches(reader, rows, [&](const arrow::RecordBatch& batch) { return WriteNdjson(batch, *sink); });
    case FileFormat::kDelta:
    case FileFormat::kIceberg:
      break;  // a table, not a file: see WriteDeltaTable
  }
  return arrow::Status::Invalid("unknown file format");
}

Status CheckRequest(const WriteRequest& request) {
  if (request.mode != WriteMode::kOverwrite && request.mode != WriteMode::kAppend) {
    return InvalidField("write_mode",
                        "'" + std::string(WriteModeName(request.mode)) +
                            "' applies to Delta tables: use file_format 'delta', or overwrite or append.");
  }
  if (!request.partition_by.empty()) {
    return InvalidField("partition_by", "applies to Delta tables only: use file_format 'delta'.");
  }
  if (!request.merge_keys.empty()) {
    return InvalidField("merge_keys", "applies to Delta tables only: use file_format 'delta'.");
  }
  if (request.track_changes) {
    return InvalidField("track_changes", "applies to Delta tables only: use file_format 'delta'.");
  }
  if (request.format == FileFormat::kCsv && request.csv.quote != '"') {
    return Error(ErrorCode::kInvalidArgument, "CSV output quotes with '\"' only: leave quote at its default.");
  }
  if (request.format == FileFormat::kCsv && request.csv.encoding != "utf8" && request.csv.encoding != "utf-8") {
    return Error(ErrorCode::kInvalidArgument, "CSV output is written as utf8 only.");
  }
  return Status::Ok();
}

}  // namespace

Result<WriteResult> Write(const cloud::CloudStorage& storage, const WriteRequest& request,
                          ArrowArrayStream* input) {
  if (request.format == FileFormat::kDelta) return WriteDeltaTable(storage, request, input);
  if (request.format == FileFormat::kIceberg) {
    if (input != nullptr && input->release != nullptr) input->release(input);  // consumed also on error
    return InvalidField("format", "Iceberg tables are read, not written, here: write format delta or parquet.");
  }
  const auto started = std::chrono::steady_clock::now();
  // Import first: from here on the reader owns the stream and releases it.
  auto imported = arrow::ImportRecordBatchReader(input);
  if (!imported.ok())
    return Error(ErrorCode::kInvalidArgument, "Not a readable Arrow stream: " + imported.status().message());
  std::shared_ptr<arrow::RecordBatchReader> reader = *std::move(imported);
  FLOWFILE_RETURN_IF_ERROR(CheckRequest(request));
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, storage.Resolve(request.path));
  if (path.key().empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "Write to an object inside the bucket, not the bucket: " + path.Uri());
  }
  std::string target = path.fs_path;
  if (request.mode == WriteMode::kAppend) {
    target += "/part-" + RandomUuid() + "." + std::string(FileExtension(request.format));
  }
  const std::string uri = path.UriOf(target);

  auto opened = AtomicOutput::Open(storage.fs, target);
  if (!opened.ok()) return storage.MapError(opened.status(), uri);
  AtomicOutput output = *std::move(opened);
  const std::shared_ptr<arrow::io::OutputStream>& sink = output.stream();
  WriteResult result;
  InputReader input_reader(*reader);
  arrow::Status status = WriteBatches(input_reader, request, sink, result.rows);
  if (status.ok()) {
    auto position = sink->Tell();
    status = position.ok() ? output.Commit() : position.status();
    if (position.ok()) result.bytes = *position;
  }
  if (!status.ok()) {
    output.Abandon();
    (void)reader->Close();
    if (status.IsNotImplemented()) return Error(ErrorCode::kInvalidArgument, status.message() + ".");
    if (status.IsTypeError() || status.IsInvalid()) {
      // The format's writer refused a column type: the data's problem, not the storage's.
      return Error(
          ErrorCode::kInvalidArgument,
          storage.masker->Mask("The data cannot be written as " + std::string(FileFormatName(request.format)) +
                               " to " + uri + " (nothing was written): " + status.message()));
    }
    if (input_reader.failed()) {
      return Error(ErrorCode::kInvalidArgument,
                   storage.masker->Mask("The data to write failed while streaming to " + uri +
                                        " (nothing was written): " + status.message()));
    }
    return storage.MapError(status, uri);
  }
  result.path = uri;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Result<WriteResult> WriteToDescriptor(const WriteRequest& request, ArrowArrayStream* input, int descriptor) {
  auto imported = arrow::ImportRecordBatchReader(input);
  if (!imported.ok()) return Error(ErrorCode::kInternal, "Could not read the data stream.");
  std::shared_ptr<arrow::RecordBatchReader> reader = *std::move(imported);
  FLOWFILE_RETURN_IF_ERROR(CheckRequest(request));
  auto opened = arrow::io::FileOutputStream::Open(descriptor);
  if (!opened.ok()) return Error(ErrorCode::kInternal, "Could not open the output: " + opened.status().message());
  std::shared_ptr<arrow::io::OutputStream> sink = *std::move(opened);
  WriteResult result;
  InputReader input_reader(*reader);
  arrow::Status status = WriteBatches(input_reader, request, sink, result.rows);
  if (status.ok()) status = sink->Flush();
  (void)reader->Close();
  if (status.ok()) return result;
  if (input_reader.failed()) return ErrorFromStreamStatus(status);
  if (status.IsTypeError() || status.IsInvalid() || status.IsNotImplemented()) {
    return Error(
        ErrorCode::kInvalidArgument,
        "The data cannot be printed as " + std::string(FileFormatName(request.format)) + ": " + status.message());
  }
  return Error(ErrorCode::kInternal, "Could not write the output: " + status.message());
}

}  // namespace flowfile::io
