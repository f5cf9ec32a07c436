#include "src/io/file_formats.h"

#include <arrow/dataset/file_csv.h>
#include <arrow/dataset/file_json.h>
#include <arrow/dataset/file_parquet.h>
#include <parquet/properties.h>

#include "src/io/transcoding.h"

namespace flowfile::io {

Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeReadFormat(FileFormat format, const CsvOptions& csv) {
  switch (format) {
    case FileFormat::kParquet: {
      auto parquet = std::make_shared<arrow::dataset::ParquetFileFormat>();
      // Pre-buffering coalesces the column chunk reads of a row group into
      // few large ranged GETs: far fewer round trips on object stores. It
      // keeps what it fetched until the file reader closes, which is why a
      // plan scans one row group per reader (plan_parts.h).
      auto options = std::make_shared<arrow::dataset::ParquetFragmentScanOptions>();
      options->arrow_reader_properties->set_pre_buffer(true);
      parquet->default_fragment_scan_options = options;
      return std::shared_ptr<arrow::dataset::FileFormat>(std::move(parquet));
    }
    case FileFormat::kCsv: {
      auto format_csv = std::make_shared<arrow::dataset::CsvFileFormat>();
      format_csv->parse_options.delimiter = csv.delimiter;
      format_csv->parse_options.quote_char = csv.quote;
      format_csv->parse_options.quoting = csv.quote != '\0';
      auto options = std::make_shared<arrow::dataset::CsvFragmentScanOptions>();
      options->read_options.autogenerate_column_names = !csv.has_header;
      FLOWFILE_ASSIGN_OR_RETURN(options->stream_transform_func, MakeTranscoder(csv.encoding));
      format_csv->default_fragment_scan_options = options;
      return std::shared_ptr<arrow::dataset::FileFormat>(std::move(format_csv));
    }
    case FileFormat::kJson:
      return std::shared_ptr<arrow::dataset::FileFormat>(std::make_shared<arrow::dataset::JsonFileFormat>());
    case FileFormat::kDelta:
    case FileFormat::kIceberg:
      break;  // a table, not a file: see ScanDeltaTable, ScanIcebergTable
  }
  return Error(ErrorCode::kInvalidArgument, "Unknown file format.");
}

std::string_view FileExtension(FileFormat format) { return FileFormatName(format); }

}  // namespace flowfile::io
