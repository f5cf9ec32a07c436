// User-facing names of file formats, compressions and filter comparisons (data.h).
#include <array>
#include <string>
#include <utility>

#include "flowfile/data.h"

namespace flowfile {
namespace {

constexpr std::array<std::pair<std::string_view, FileFormat>, 4> kFormats = {{
    {"parquet", FileFormat::kParquet},
    {"csv", FileFormat::kCsv},
    {"json", FileFormat::kJson},
    {"ndjson", FileFormat::kJson},
}};

constexpr std::array<std::pair<std::string_view, Compression>, 7> kCompressions = {{
    {"snappy", Compression::kSnappy},
    {"gzip", Compression::kGzip},
    {"brotli", Compression::kBrotli},
    {"lz4", Compression::kLz4},
    {"zstd", Compression::kZstd},
    {"none", Compression::kNone},
    {"uncompressed", Compression::kNone},
}};

constexpr std::array<std::pair<std::string_view, ColumnFilter::Op>, 8> kFilterOps = {{
    {"eq", ColumnFilter::Op::kEq},
    {"ne", ColumnFilter::Op::kNe},
    {"lt", ColumnFilter::Op::kLt},
    {"le", ColumnFilter::Op::kLe},
    {"gt", ColumnFilter::Op::kGt},
    {"ge", ColumnFilter::Op::kGe},
    {"is_null", ColumnFilter::Op::kIsNull},
    {"is_not_null", ColumnFilter::Op::kIsNotNull},
}};

template <typename Table>
auto Lookup(const Table& table, std::string_view name, std::string_view what, std::string_view field,
            std::string_view choices) -> Result<decltype(table[0].second)> {
  for (const auto& [candidate, value] : table) {
    if (candidate == name) return value;
  }
  return Error(ErrorCode::kInvalidArgument,
               std::string(what) + " '" + std::string(name) + "' is not supported: use one of " +
                   std::string(choices) + ".",
               std::string(field));
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  for (const auto& [name, value] : kFormats) {
    if (value == format) return name;
  }
  return "unknown";
}

Result<FileFormat> ParseFileFormat(std::string_view name) {
  return Lookup(kFormats, name, "File format", "format", "parquet, csv, json");
}

Result<Compression> ParseCompression(std::string_view name) {
  return Lookup(kCompressions, name, "Compression", "compression", "snappy, gzip, brotli, lz4, zstd, none");
}

Result<ColumnFilter::Op> ParseFilterOp(std::string_view name) {
  return Lookup(kFilterOps, name, "Comparison", "op", "eq, ne, lt, le, gt, ge, is_null, is_not_null");
}

}  // namespace flowfile
