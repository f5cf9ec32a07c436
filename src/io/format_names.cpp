// User-facing names of file formats, compressions and filter comparisons (data.h).
#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "flowfile/data.h"

namespace flowfile {
namespace {

constexpr std::array<std::pair<std::string_view, FileFormat>, 5> kFormats = {{
    {"parquet", FileFormat::kParquet},
    {"csv", FileFormat::kCsv},
    {"json", FileFormat::kJson},
    {"ndjson", FileFormat::kJson},
    {"jsonl", FileFormat::kJson},
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

std::optional<FileFormat> FileFormatFromPath(std::string_view path) {
  while (path.ends_with('/')) path.remove_suffix(1);
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return std::nullopt;
  std::string extension(path.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [name, value] : kFormats) {
    if (name == extension) return value;
  }
  return std::nullopt;
}

Result<Compression> ParseCompression(std::string_view name) {
  return Lookup(kCompressions, name, "Compression", "compression", "snappy, gzip, brotli, lz4, zstd, none");
}

Result<ColumnFilter::Op> ParseFilterOp(std::string_view name) {
  return Lookup(kFilterOps, name, "Comparison", "op", "eq, ne, lt, le, gt, ge, is_null, is_not_null");
}

}  // namespace flowfile
