// User-facing names of file formats, compressions, write modes and filter
// comparisons (data.h): the one table of each (comparisons: io/filter_ops.h).
#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/data.h"
#include "src/io/compute_ops.h"
#include "src/io/filter_ops.h"

namespace flowfile {
namespace {

constexpr std::array<std::pair<std::string_view, FileFormat>, 7> kFormats = {{
    {"parquet", FileFormat::kParquet},
    {"csv", FileFormat::kCsv},
    {"json", FileFormat::kJson},
    {"ndjson", FileFormat::kJson},
    {"jsonl", FileFormat::kJson},
    {"delta", FileFormat::kDelta},
    {"iceberg", FileFormat::kIceberg},
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

constexpr std::array<std::pair<std::string_view, WriteMode>, 6> kWriteModes = {{
    {"overwrite", WriteMode::kOverwrite},
    {"append", WriteMode::kAppend},
    {"error", WriteMode::kError},
    {"upsert", WriteMode::kUpsert},
    {"update", WriteMode::kUpdate},
    {"delete", WriteMode::kDelete},
}};

// Name and value of each comparison, from io's one table of them.
constexpr auto kFilterOpNames = [] {
  std::array<std::pair<std::string_view, ColumnFilter::Op>, io::kFilterOps.size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = {io::kFilterOps[i].name, io::kFilterOps[i].op};
  return names;
}();

// The first name of each value: later names of a value are aliases.
template <typename Table>
std::vector<std::string_view> Offered(const Table& table) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < table.size(); ++i) {
    bool alias = false;
    for (std::size_t j = 0; j < i; ++j) alias = alias || table[j].second == table[i].second;
    if (!alias) names.push_back(table[i].first);
  }
  return names;
}

template <typename Table>
auto Lookup(const Table& table, std::string_view name, std::string_view what, std::string_view field)
    -> Result<decltype(table[0].second)> {
  for (const auto& [candidate, value] : table) {
    if (candidate == name) return value;
  }
  std::string choices;
  for (std::string_view offered : Offered(table)) choices += (choices.empty() ? "" : ", ") + std::string(offered);
  return Error(ErrorCode::kInvalidArgument,
               std::string(what) + " '" + std::string(name) + "' is not supported: use one of " + choices + ".",
               std::string(field));
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  for (const auto& [name, value] : kFormats) {
    if (value == format) return name;
  }
  return "unknown";
}

std::string_view WriteModeName(WriteMode mode) {
  for (const auto& [name, value] : kWriteModes) {
    if (value == mode) return name;
  }
  return "unknown";
}

Result<FileFormat> ParseFileFormat(std::string_view name) {
  return Lookup(kFormats, name, "File format", "format");
}

std::optional<FileFormat> FileFormatFromPath(std::string_view path) {
  while (path.ends_with('/')) path.remove_suffix(1);
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return std::nullopt;
  std::string extension(path.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [name, value] : kFormats) {
    // A table is a folder, not a file type.
    if (name == extension && value != FileFormat::kDelta && value != FileFormat::kIceberg) return value;
  }
  return std::nullopt;
}

Result<Compression> ParseCompression(std::string_view name) {
  return Lookup(kCompressions, name, "Compression", "compression");
}

Result<ColumnFilter::Op> ParseFilterOp(std::string_view name) {
  return Lookup(kFilterOpNames, name, "Comparison", "op");
}

Status CheckColumnFilter(const ColumnFilter& filter, std::string_view field) {
  const io::FilterOpSpec& spec = io::FilterOp(filter.op);
  if (spec.unary || !std::holds_alternative<std::monostate>(filter.value)) return Status::Ok();
  return InvalidField(field, "is required for '" + std::string(spec.name) +
                                 "': to compare with null, use is_null or is_not_null.");
}

Result<ComputeStep::Op> ParseComputeOp(std::string_view name) {
  for (const io::ComputeOpEntry& entry : io::kComputeOps)
    if (entry.name == name) return entry.op;
  return InvalidField("op", "must be one of add, subtract, multiply, divide.");
}

std::vector<std::string_view> ComputeOpNames() {
  std::vector<std::string_view> names;
  for (const io::ComputeOpEntry& entry : io::kComputeOps) names.push_back(entry.name);
  return names;
}

Result<WriteMode> ParseWriteMode(std::string_view name) {
  return Lookup(kWriteModes, name, "Write mode", "write_mode");
}

std::vector<std::string_view> FileFormatNames() { return Offered(kFormats); }
std::vector<std::string_view> CompressionNames() { return Offered(kCompressions); }
std::vector<std::string_view> WriteModeNames() { return Offered(kWriteModes); }
std::vector<std::string_view> FilterOpNames() { return Offered(kFilterOpNames); }

}  // namespace flowfile
