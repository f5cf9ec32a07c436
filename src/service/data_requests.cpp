#include "src/service/data_requests.h"

#include "src/io/write_rules.h"
#include "src/service/flow_document.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <set>
#include <variant>
#include <vector>

namespace flowfile::service {
namespace {

std::string Name(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : std::string(prefix) + "." + std::string(field);
}

Result<std::string> Text(const nlohmann::json& node, std::string_view prefix, const char* field, bool required,
                         std::string fallback = {}) {
  if (!node.contains(field) || node[field].is_null()) {
    if (required) return InvalidField(Name(prefix, field), "is required.");
    return fallback;
  }
  if (!node[field].is_string()) return InvalidField(Name(prefix, field), "must be a string.");
  std::string text = node[field].get<std::string>();
  if (required && text.empty()) return InvalidField(Name(prefix, field), "must not be empty.");
  return text;
}

// "must be one of parquet, csv, json.": the choices of a core table (data.h).
std::string OneOf(const std::vector<std::string_view>& names) {
  std::string text = "must be one of ";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + std::string(names[i]);
  return text + ".";
}

// The text `field`, read by the core's `parse`; a bad name is answered with
// the core's `names` for it.
template <typename T>
Result<T> Choice(const nlohmann::json& node, std::string_view prefix, const char* field, const char* fallback,
                 Result<T> (*parse)(std::string_view), const std::vector<std::string_view>& names) {
  FLOWFILE_ASSIGN_OR_RETURN(std::string text, Text(node, prefix, field, false, fallback));
  Result<T> parsed = parse(text);
  if (!parsed.ok()) return InvalidField(Name(prefix, field), OneOf(names));
  return parsed;
}

Result<bool> Flag(const nlohmann::json& node, std::string_view prefix, const char* field, bool fallback) {
  if (!node.contains(field) || node[field].is_null()) return fallback;
  if (!node[field].is_boolean()) return InvalidField(Name(prefix, field), "must be true or false.");
  return node[field].get<bool>();
}

Result<char> OneCharacter(const nlohmann::json& node, std::string_view prefix, const char* field, char fallback) {
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
  return Choice(node, prefix, "format", "parquet", &ParseFileFormat, FileFormatNames());
}

// A Delta table version (`field`: version, changes_since): a whole number
// from 0; absent or null: none.
Result<std::optional<std::int64_t>> VersionFromJson(const nlohmann::json& node, std::string_view prefix,
                                                    const char* field = "version") {
  if (!node.contains(field) || node[field].is_null()) return std::optional<std::int64_t>();
  const nlohmann::json& version = node[field];
  if (!version.is_number_integer() || version.get<std::int64_t>() < 0)
    return InvalidField(Name(prefix, field), "must be a whole number from 0 (a Delta table version).");
  return std::optional<std::int64_t>(version.get<std::int64_t>());
}

// The Delta options beyond version: timestamp, changes_since, include_change_preimage.
Status DeltaReadFromJson(const nlohmann::json& node, std::string_view prefix, ScanRequest& scan) {
  if (node.contains("timestamp") && !node["timestamp"].is_null()) {
    FLOWFILE_ASSIGN_OR_RETURN(scan.timestamp, Text(node, prefix, "timestamp", true));
  }
  // changes_since: a version, or a time (ISO 8601 text) the feed starts at.
  if (node.contains("changes_since") && node["changes_since"].is_string()) {
    FLOWFILE_ASSIGN_OR_RETURN(scan.changes_since_timestamp, Text(node, prefix, "changes_since", true));
  } else {
    FLOWFILE_ASSIGN_OR_RETURN(scan.changes_since, VersionFromJson(node, prefix, "changes_since"));
  }
  FLOWFILE_ASSIGN_OR_RETURN(scan.include_change_preimage, Flag(node, prefix, "include_change_preimage", false));
  return Status::Ok();
}

// An Iceberg snapshot id: a 64-bit integer, as a number or a string of
// digits (ids exceed JavaScript's exact integers, so the web UI sends text);
// absent or null: the current snapshot.
Result<std::optional<std::int64_t>> SnapshotFromJson(const nlohmann::json& node, std::string_view prefix) {
  if (!node.contains("snapshot_id") || node["snapshot_id"].is_null()) return std::optional<std::int64_t>();
  const nlohmann::json& id = node["snapshot_id"];
  const Error bad = InvalidField(Name(prefix, "snapshot_id"), "must be a whole number (an Iceberg snapshot id).");
  if (id.is_string()) {
    const std::string& text = id.get_ref<const std::string&>();
    std::int64_t value = 0;
    const auto [end, failed] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failed != std::errc() || end != text.data() + text.size() || text.empty()) return bad;
    return std::optional<std::int64_t>(value);
  }
  if (!id.is_number_integer() ||
      (id.is_number_unsigned() &&
       id.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
    return bad;
  return std::optional<std::int64_t>(id.get<std::int64_t>());
}

Result<std::vector<std::string>> NamesFromJson(const nlohmann::json& node, std::string_view prefix,
                                               const char* field) {
  std::vector<std::string> names;
  if (!node.contains(field) || node[field].is_null()) return names;
  if (!node[field].is_array()) return InvalidField(Name(prefix, field), "must be a list of column names.");
  for (const nlohmann::json& name : node[field]) {
    if (!name.is_string() || name.get<std::string>().empty())
      return InvalidField(Name(prefix, field), "must be a list of column names.");
    names.push_back(name.get<std::string>());
  }
  return names;
}

Result<std::vector<std::string>> ColumnsFromJson(const nlohmann::json& node) {
  if (!node.is_array()) return InvalidField("select", "must be a list of column names.");
  std::vector<std::string> columns;
  for (const nlohmann::json& name : node) {
    if (!name.is_string() || name.get<std::string>().empty())
      return InvalidField("select", "must be a list of column names.");
    columns.push_back(name.get<std::string>());
  }
  return columns;
}

// JSON integers stay integers (int64) and numbers with a fraction or
// exponent become doubles, as Python's int and float do.
Result<ColumnFilter::Value> FilterValueFromJson(const nlohmann::json& value, const std::string& field) {
  if (value.is_null()) return ColumnFilter::Value{};
  if (value.is_boolean()) return ColumnFilter::Value{value.get<bool>()};
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return InvalidField(field, "is larger than a 64-bit integer.");
    return ColumnFilter::Value{value.get<std::int64_t>()};
  }
  if (value.is_number_float()) return ColumnFilter::Value{value.get<double>()};
  if (value.is_string()) return ColumnFilter::Value{value.get<std::string>()};
  return InvalidField(field, "must be null, true, false, a number or a string.");
}

Result<ColumnFilter> FilterFromJson(const nlohmann::json& node, std::size_t index) {
  const std::string prefix = "filters[" + std::to_string(index) + "]";
  if (!node.is_object()) return InvalidField(prefix, "must be an object {column, op, value}.");
  ColumnFilter filter;
  FLOWFILE_ASSIGN_OR_RETURN(filter.column, Text(node, prefix, "column", true));
  FLOWFILE_ASSIGN_OR_RETURN(std::string op, Text(node, prefix, "op", true));
  Result<ColumnFilter::Op> parsed = ParseFilterOp(op);
  if (!parsed.ok()) return InvalidField(Name(prefix, "op"), OneOf(FilterOpNames()));
  filter.op = *parsed;
  const nlohmann::json value = node.contains("value") ? node["value"] : nlohmann::json();
  FLOWFILE_ASSIGN_OR_RETURN(filter.value, FilterValueFromJson(value, Name(prefix, "value")));
  FLOWFILE_RETURN_IF_ERROR(CheckColumnFilter(filter, Name(prefix, "value")));
  return filter;
}

}  // namespace

Result<FrameSpec> ReadSettingsFromJson(const nlohmann::json& node, std::string_view prefix) {
  if (!node.is_object()) return InvalidField(prefix.empty() ? "reader" : prefix, "must be an object.");
  FrameSpec settings;
  // Empty or absent: no connection, the local user's own credentials
  // (UserSession::Scan refuses that to every other user).
  FLOWFILE_ASSIGN_OR_RETURN(settings.connection, Text(node, prefix, "connection", false));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.path, Text(node, prefix, "path", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.format, FormatFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.csv, CsvFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.hive_partitioning, Flag(node, prefix, "hive_partitioning", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.version, VersionFromJson(node, prefix));
  FLOWFILE_RETURN_IF_ERROR(DeltaReadFromJson(node, prefix, settings.scan));
  FLOWFILE_ASSIGN_OR_RETURN(settings.scan.snapshot_id, SnapshotFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(std::string scan_mode, Text(node, prefix, "scan_mode", false, "single_file"));
  if (scan_mode == "directory") {
    // A directory is read as every file of the format below it.
    if (!settings.scan.path.ends_with('/')) settings.scan.path += '/';
  } else if (scan_mode != "single_file") {
    return InvalidField(Name(prefix, "scan_mode"), "must be single_file or directory.");
  }
  return settings;
}

Result<FrameSpec> FrameSpecFromJson(const nlohmann::json& node) {
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec plan, ReadSettingsFromJson(node, ""));
  FLOWFILE_RETURN_IF_ERROR(TransformsFromJson(node, plan));
  return plan;
}

Status TransformsFromJson(const nlohmann::json& node, FrameSpec& plan) {
  if (node.contains("select") && !node["select"].is_null()) {
    FLOWFILE_ASSIGN_OR_RETURN(plan.columns, ColumnsFromJson(node["select"]));
  }
  if (node.contains("filters") && !node["filters"].is_null()) {
    if (!node["filters"].is_array()) return InvalidField("filters", "must be a list of {column, op, value}.");
    for (std::size_t i = 0; i < node["filters"].size(); ++i) {
      FLOWFILE_ASSIGN_OR_RETURN(ColumnFilter filter, FilterFromJson(node["filters"][i], i));
      plan.filters.push_back(std::move(filter));
    }
  }
  if (node.contains("limit") && !node["limit"].is_null()) {
    if (!node["limit"].is_number_integer() || node["limit"].get<std::int64_t>() < 0)
      return InvalidField("limit", "must be a whole number, 0 or more.");
    plan.limit = node["limit"].get<std::int64_t>();
  }
  if (node.contains("steps") && !node["steps"].is_null())
    FLOWFILE_RETURN_IF_ERROR(StepsFromJson(node["steps"], plan));
  return Status::Ok();
}

Result<std::vector<FrameCall>> FrameCallsFromJson(const nlohmann::json& node) {
  static constexpr const char* kCallForms =
      "must be one of {select: [names]}, {filter: {column, op, value}}, {limit: rows}, {sort: {keys}}, "
      "{rename: {names}}, {add_column: {name, column, op, value or operand_column}}.";
  std::vector<FrameCall> parsed;
  if (!node.contains("calls") || node["calls"].is_null()) return parsed;
  const nlohmann::json& calls = node["calls"];
  if (!calls.is_array())
    return InvalidField(
        "calls", "must be a list of calls, each {select}, {filter}, {limit}, {sort}, {rename} or {add_column}.");
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const nlohmann::json& call = calls[i];
    const std::string prefix = "calls[" + std::to_string(i) + "]";
    if (!call.is_object() || call.size() != 1) return InvalidField(prefix, kCallForms);
    FrameCall next;
    if (call.contains("select")) {
      next.kind = FrameCall::Kind::kSelect;
      FLOWFILE_ASSIGN_OR_RETURN(next.columns, ColumnsFromJson(call["select"]));
    } else if (call.contains("filter")) {
      const nlohmann::json& comparison = call["filter"];
      if (!comparison.is_object()) return InvalidField(prefix, "filter must be an object {column, op, value}.");
      next.kind = FrameCall::Kind::kFilter;
      FLOWFILE_ASSIGN_OR_RETURN(next.filter.column, Text(comparison, prefix, "column", true));
      FLOWFILE_ASSIGN_OR_RETURN(std::string op, Text(comparison, prefix, "op", true));
      FLOWFILE_ASSIGN_OR_RETURN(next.filter.op, ParseFilterOp(op));
      const nlohmann::json value = comparison.contains("value") ? comparison["value"] : nlohmann::json();
      FLOWFILE_ASSIGN_OR_RETURN(next.filter.value, FilterValueFromJson(value, Name(prefix, "value")));
      FLOWFILE_RETURN_IF_ERROR(CheckColumnFilter(next.filter));
    } else if (call.contains("limit")) {
      if (!call["limit"].is_number_integer())
        return InvalidField(Name(prefix, "limit"), "must be a whole number.");
      next.kind = FrameCall::Kind::kLimit;
      next.limit = call["limit"].get<std::int64_t>();
    } else if (call.contains("sort") || call.contains("rename") || call.contains("add_column")) {
      // The settings of a flow's node of that kind, read by the same rules.
      FlowDocNode step_node;
      step_node.kind = call.begin().key();
      step_node.id = step_node.kind;
      step_node.index = i;
      step_node.list = "calls";
      step_node.settings = call.begin().value();
      if (!step_node.settings.is_object())
        return InvalidField(
            prefix, step_node.kind + " must be an object of the settings of a " + step_node.kind + " node.");
      next.kind = FrameCall::Kind::kStep;
      FLOWFILE_ASSIGN_OR_RETURN(next.step, StepOf(step_node));
    } else {
      return InvalidField(prefix, kCallForms);
    }
    parsed.push_back(std::move(next));
  }
  return parsed;
}

Result<WriteSettings> WriteSettingsFromJson(const nlohmann::json& node, std::string_view prefix) {
  if (!node.is_object()) return InvalidField(prefix.empty() ? "writer" : prefix, "must be an object.");
  WriteSettings settings;
  FLOWFILE_ASSIGN_OR_RETURN(settings.connection, Text(node, prefix, "connection", false));  // as for reads
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.path, Text(node, prefix, "path", true));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.format, FormatFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.csv, CsvFromJson(node, prefix));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.compression,
                            Choice(node, prefix, "compression", "snappy", &ParseCompression, CompressionNames()));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.mode,
                            Choice(node, prefix, "write_mode", "overwrite", &ParseWriteMode, WriteModeNames()));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.partition_by, NamesFromJson(node, prefix, "partition_by"));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.merge_keys, NamesFromJson(node, prefix, "merge_keys"));
  FLOWFILE_ASSIGN_OR_RETURN(settings.write.track_changes, Flag(node, prefix, "track_changes", false));
  if (node.contains("row_group_size") && !node["row_group_size"].is_null()) {
    const nlohmann::json& size = node["row_group_size"];
    if (!size.is_number_integer() || size.get<std::int64_t>() < 1 || size.get<std::int64_t>() > (1 << 24)) {
      return InvalidField(Name(prefix, "row_group_size"), "must be a whole number from 1 to 16777216.");
    }
    settings.write.row_group_size = size.get<std::int64_t>();
  }
  // Refused here, before a run starts, with the writer's field named.
  FLOWFILE_RETURN_IF_ERROR(io::CheckWriteRules(settings.write, prefix));
  return settings;
}

Result<WriteSettings> WriteSettingsFromQuery(const std::multimap<std::string, std::string>& params) {
  static const std::set<std::string, std::less<>> kTopLevel = {"connection",  "path",           "format",
                                                               "compression", "row_group_size", "write_mode"};
  // partition_by=a,b: the partition columns of a new Delta table;
  // merge_keys=a,b: the key columns of an upsert, update or delete.
  static const std::set<std::string, std::less<>> kCsv = {"delimiter", "quote", "has_header", "encoding"};
  nlohmann::json node = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    if (node.contains(name) || (node.contains("csv") && node["csv"].contains(name)))
      return InvalidField(name, "is given more than once.");
    if (name == "row_group_size") {
      // Checked for range by WriteSettingsFromJson; here only for being a number.
      std::int64_t rows = 0;
      const char* end = value.data() + value.size();
      if (value.empty() || std::from_chars(value.data(), end, rows).ptr != end)
        return InvalidField(name, "must be a whole number from 1 to 16777216.");
      node[name] = rows;
    } else if (name == "partition_by" || name == "merge_keys") {
      nlohmann::json names = nlohmann::json::array();
      for (std::size_t start = 0; start <= value.size();) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        names.push_back(value.substr(start, comma - start));
        start = comma + 1;
      }
      node[name] = std::move(names);
    } else if (name == "has_header" || name == "track_changes") {
      if (value != "true" && value != "false") return InvalidField(name, "must be true or false.");
      (name == "has_header" ? node["csv"][name] : node[name]) = value == "true";
    } else if (kCsv.contains(name)) {
      node["csv"][name] = value;
    } else if (kTopLevel.contains(name)) {
      node[name] = value;
    } else {
      return InvalidField(name,
                          "is not a write setting: use connection, path, format, compression, row_group_size, "
                          "write_mode, partition_by, merge_keys, track_changes, delimiter, quote, has_header or "
                          "encoding.");
    }
  }
  return WriteSettingsFromJson(node, "");
}

}  // namespace flowfile::service
