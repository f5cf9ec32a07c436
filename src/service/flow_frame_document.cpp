// A frame (what Python builds) written as a saved flow's document: a
// Reader, then a Select, one Filter per comparison and a Limit, in the
// order the engine applies them, then one node per step the engine runs on
// the rows (Sort, Rename, Add column, ...), laid out left to right on the
// canvas.
#include "src/service/flow_document.h"

namespace flowfile::service {
namespace {

nlohmann::json ReaderSettings(const FrameSpec& frame) {
  const bool folder = frame.scan.path.ends_with('/');
  return {{"connection", frame.connection},
          {"path", frame.scan.path},
          {"format", FileFormatName(frame.scan.format)},
          {"scan_mode", folder ? "directory" : "single_file"},
          {"hive_partitioning", frame.scan.hive_partitioning},
          {"csv",
           {{"delimiter", std::string(1, frame.scan.csv.delimiter)},
            {"quote", std::string(1, frame.scan.csv.quote)},
            {"has_header", frame.scan.csv.has_header},
            {"encoding", frame.scan.csv.encoding}}}};
}

}  // namespace

std::string DocumentOfFrame(const FrameSpec& frame) {
  nlohmann::json nodes = nlohmann::json::array();
  nlohmann::json edges = nlohmann::json::array();
  auto add = [&](std::string_view kind, nlohmann::json settings) {
    const std::string id = "n" + std::to_string(nodes.size() + 1);
    const int x = 40 + 280 * static_cast<int>(nodes.size());
    if (!nodes.empty()) {
      const std::string source = nodes.back()["id"].get<std::string>();
      edges.push_back({{"id", "e" + source + "-" + id}, {"source", source}, {"target", id}});
    }
    nodes.push_back({{"id", id}, {"kind", kind}, {"position", {{"x", x}, {"y", 120}}}, {"settings", settings}});
  };
  add("reader", ReaderSettings(frame));
  if (frame.columns) add("select", {{"columns", *frame.columns}});
  for (const ColumnFilter& filter : frame.filters)
    add("filter",
        {{"column", filter.column}, {"op", FilterOpName(filter.op)}, {"value", ValueJson(filter.value)}});
  if (frame.limit) add("limit", {{"rows", *frame.limit}});
  for (const FrameStep& step : frame.steps) add(StepKind(step), StepSettings(step));
  return nlohmann::json{{"nodes", nodes}, {"edges", edges}}.dump();
}

}  // namespace flowfile::service
