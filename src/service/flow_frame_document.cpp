// Frames (what Python builds) written as a saved flow's document: for each,
// a Reader, then one Filter per comparison, a Select and a Limit, in the
// order the engine applies them, then one node per step the engine runs on
// the rows (Sort, Rename, Add column, ...), then its Writer if it was
// written, laid out left to right on the canvas, one row per branch.
#include <map>

#include "src/service/flow_document.h"

namespace flowfile::service {
namespace {

struct NodeOut {
  std::string_view kind;
  nlohmann::json settings;
};

nlohmann::json CsvSettings(const CsvOptions& csv) {
  return {{"delimiter", std::string(1, csv.delimiter)},
          {"quote", std::string(1, csv.quote)},
          {"has_header", csv.has_header},
          {"encoding", csv.encoding}};
}

nlohmann::json ReaderSettings(const FrameSpec& frame) {
  const ScanRequest& scan = frame.scan;
  nlohmann::json settings = {{"connection", frame.connection},
                             {"path", scan.path},
                             {"format", FileFormatName(scan.format)},
                             {"scan_mode", scan.path.ends_with('/') ? "directory" : "single_file"},
                             {"hive_partitioning", scan.hive_partitioning},
                             {"csv", CsvSettings(scan.csv)}};
  // A table's time travel and change feed, as ReadSettingsFromJson reads them.
  if (scan.version) settings["version"] = *scan.version;
  if (scan.timestamp) settings["timestamp"] = *scan.timestamp;
  if (scan.snapshot_id) settings["snapshot_id"] = *scan.snapshot_id;
  if (scan.changes_since) settings["changes_since"] = *scan.changes_since;
  if (scan.include_change_preimage) settings["include_change_preimage"] = true;
  return settings;
}

std::string_view CompressionText(Compression compression) {
  for (std::string_view name : CompressionNames()) {
    Result<Compression> parsed = ParseCompression(name);
    if (parsed.ok() && *parsed == compression) return name;
  }
  return "snappy";
}

// A Writer node's settings, as WriteSettingsFromJson reads them back.
nlohmann::json WriterSettings(const std::string& connection, const WriteRequest& write) {
  nlohmann::json settings = {{"connection", connection},
                             {"path", write.path},
                             {"format", FileFormatName(write.format)},
                             {"compression", CompressionText(write.compression)},
                             {"write_mode", WriteModeName(write.mode)},
                             {"row_group_size", write.row_group_size},
                             {"track_changes", write.track_changes},
                             {"csv", CsvSettings(write.csv)}};
  if (!write.partition_by.empty()) settings["partition_by"] = write.partition_by;
  if (!write.merge_keys.empty()) settings["merge_keys"] = write.merge_keys;
  return settings;
}

std::vector<NodeOut> NodesOf(const FlowBranch& branch) {
  const FrameSpec& frame = branch.read;
  std::vector<NodeOut> nodes{{"reader", ReaderSettings(frame)}};
  // Filters see every column of the source, so they come before the
  // Select, which may drop a column they test.
  for (const ColumnFilter& filter : frame.filters)
    nodes.push_back(
        {"filter",
         {{"column", filter.column}, {"op", FilterOpName(filter.op)}, {"value", ValueJson(filter.value)}}});
  if (frame.columns) nodes.push_back({"select", {{"columns", *frame.columns}}});
  if (frame.limit) nodes.push_back({"limit", {{"rows", *frame.limit}}});
  for (const FrameStep& step : frame.steps) nodes.push_back({StepKind(step), StepSettings(step)});
  if (branch.write) nodes.push_back({"writer", WriterSettings(branch.write_connection, *branch.write)});
  return nodes;
}

}  // namespace

std::string DocumentOfFrame(const FrameSpec& frame) { return DocumentOfBranches({FlowBranch{frame, {}, {}}}); }

std::string DocumentOfBranches(const std::vector<FlowBranch>& branches) {
  nlohmann::json nodes = nlohmann::json::array();
  nlohmann::json edges = nlohmann::json::array();
  // The node drawn for (the node before it, kind, settings): a path that
  // reaches an equal node after the same one goes on from there.
  std::map<std::string, std::string> drawn;
  int rows = 0;
  for (const FlowBranch& branch : branches) {
    std::string before;
    int depth = 0;
    bool new_row = false;
    for (NodeOut& node : NodesOf(branch)) {
      const std::string key = before + '\n' + std::string(node.kind) + '\n' + node.settings.dump();
      auto found = drawn.find(key);
      if (found == drawn.end()) {
        if (!new_row) ++rows;
        new_row = true;
        const std::string id = "n" + std::to_string(nodes.size() + 1);
        if (!before.empty())
          edges.push_back({{"id", "e" + before + "-" + id}, {"source", before}, {"target", id}});
        nodes.push_back({{"id", id},
                         {"kind", node.kind},
                         {"position", {{"x", 40 + 280 * depth}, {"y", 120 + 160 * (rows - 1)}}},
                         {"settings", std::move(node.settings)}});
        found = drawn.emplace(key, id).first;
      }
      before = found->second;
      ++depth;
    }
  }
  return nlohmann::json{{"nodes", nodes}, {"edges", edges}}.dump();
}

}  // namespace flowfile::service
