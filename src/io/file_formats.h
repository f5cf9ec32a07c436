// FileFormat + options -> Arrow's dataset file format objects.
#pragma once

#include <arrow/dataset/file_base.h>

#include <memory>

#include "flowfile/data.h"

namespace flowfile::io {

// The dataset format to read `format` with. CSV: delimiter, quote, header
// (column names f0, f1, ... without one), and non-UTF-8 encodings
// transcoded to UTF-8 while streaming. kInvalidArgument for an unknown encoding.
Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeReadFormat(FileFormat format, const CsvOptions& csv);

// The file name extension of a format: "parquet", "csv", "json".
std::string_view FileExtension(FileFormat format);

}  // namespace flowfile::io
