#include "src/server/data_requests.h"

#include "src/server/api_errors.h"

namespace flowfile::server {
namespace {

std::string Name(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : std::string(prefix) + "." + std::string(field);
}

Result<std::string> Text(const nlohmann::json& node, std::string_view prefix, const char* field,
                         bool required, std::string fallback = {}) {
  if (!node.contains(field) || node[field].is_null()) {
    if (required) return InvalidField(Name(prefix, field), "is required.");
    return fallback;
  }
  if (!node[field].is_string()) return InvalidField(Name(prefix, field), "must be a string.");
  std::string text = node[field].get<std::string>();
  if (required && text.empty()) return InvalidField(Name(prefix, field), "must not be empty.");
  return text;
}

Result<bool> Flag(const nlohmann::json& node, std::string_view prefix, const char* field, bool fallback) {
  if (!node.contains(field) || node[field].is_null()) return fallback;
  if (!node[field].is_boolean()) return InvalidField(Name(prefix, field), "must be true or false.");
  return node[field].get<bool>();
}

Result<char> OneCharacter(const nlohmann::json& node, std::string_view prefix, const char* field,
                          char fallback) {
  FLOWFILE_ASSIGN_OR_RETURN(std::string text, Text(node, prefix, field, false, std::string(1, fallback)));
  if (text.size() != 1) return InvalidField(Name(prefix, field), "must be a single character.");
  return text[0];
}

Result<CsvOptions> CsvFromJson(const nlohmann::json& node, std::string_view prefix) {
  CsvOptions csv;
  if (!node.contains("csv") || node["csv"].is_null()) return csv;
  const std::string csv_prefix = Name(prefix, "csv");
  const nlohmann::json& options = node["csv"];
  if (!options.is_object()) return InvalidField(csv_prefix, "must be an object.");
  FLOWFILE_ASSIGN_OR_RETURN(csv.delimiter, OneCharacter(options, csv_prefix, "delimiter", ','));
  FLOWFILE_ASSIGN_OR_RETURN(csv.quote, OneCharacter(options, csv_prefix, "quote", '"'));
  FLOWFILE_ASSIGN_OR_RETURN(csv.has_header, Flag(options, csv_prefix, "has_header", true));
  FLOWFILE_ASSIGN_OR_RETURN(csv.encoding, Text(options, csv_prefix, "encoding", false, "utf8"));
  return csv;
}

Result<FileFormat> FormatFromJson(const nlohmann::json& node, std::string_view prefix) {
  FLOWFILE_ASSIGN_OR_RETURN(std::string text, Text(node, prefix, "format", false, "parquet"));
  Result<FileFormat> format = ParseFileFormat(text);
  if (!format.ok()) return InvalidField(Name(prefix, "format"), "must be one of parquet, csv, json.");
  return format;
}

}  // namespace

Result<ReadSettings> ReadSettingsFromJson(const nlohmann::json& node, std::string_view prefix) {
  if (!node.is_object()) return InvalidField(prefix.empty() ? "reader" : prefix, "must be an object.");
  ReadSettings settings;
  FLOWFILE_ASSIGN_OR_RETURN(settings.connection, Text(node, prefix, "connection", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.path, Text(node, prefix, "path", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.format, FormatFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.csv, CsvFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.hive_partitioning, Flag(node, prefix, "hive_partitioning", true));
  FLOWFILE_ASSIGN_OR_RETURN(std::string scan_mode, Text(node, prefix, "scan_mode", false, "single_file"));
  if (scan_mode == "directory") {
    // A directory is read as every file of the format below it.
    if (!settings.scan.path.ends_with('/')) settings.scan.path += '/';
  } else if (scan_mode != "single_file") {
    return InvalidField(Name(prefix, "scan_mode"), "must be single_file or directory.");
  }
  return settings;
}

Result<WriteSettings> WriteSettingsFromJson(const nlohmann::json& node, std::string_view prefix) {
  if (!node.is_object()) return InvalidField(prefix.empty() ? "writer" : prefix, "must be an object.");
  WriteSettings settings;
  FLOWFILE_ASSIGN_OR_RETURN(settings.connection, Text(node, prefix, "connection", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.path, Text(node, prefix, "path", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.format, FormatFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.csv, CsvFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(std::string compression, Text(node, prefix, "compression", false, "snappy"));
  Result<Compression> parsed = ParseCompression(compression);
  if (!parsed.ok()) {
    return InvalidField(Name(prefix, "compression"), "must be one of snappy, gzip, brotli, lz4, zstd, none.");
  }
  settings.write.compression = *parsed;
  FLOWFILE_ASSIGN_OR_RETURN(std::string mode, Text(node, prefix, "write_mode", false, "overwrite"));
  if (mode == "overwrite") {
    settings.write.mode = WriteMode::kOverwrite;
  } else if (mode == "append") {
    settings.write.mode = WriteMode::kAppend;
  } else {
    return InvalidField(Name(prefix, "write_mode"), "must be overwrite or append.");
  }
  if (node.contains("row_group_size") && !node["row_group_size"].is_null()) {
    const nlohmann::json& size = node["row_group_size"];
    if (!size.is_number_integer() || size.get<std::int64_t>() < 1 || size.get<std::int64_t>() > (1 << 24)) {
      return InvalidField(Name(prefix, "row_group_size"), "must be a whole number from 1 to 16777216.");
    }
    settings.write.row_group_size = size.get<std::int64_t>();
  }
  return settings;
}

}  // namespace flowfile::server
