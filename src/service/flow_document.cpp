#include "src/service/flow_document.h"

#include <map>
#include <set>

#include "flowfile/saved_flow.h"

namespace flowfile::service {
namespace {

struct KindEntry {
  std::string_view kind;
  std::string_view label;  // as the canvas's palette names it
};

// The one table of node kinds a saved flow may hold.
constexpr KindEntry kKinds[] = {
    {"reader", "Cloud Storage Reader"},
    {"select", "Select columns"},
    {"filter", "Filter rows"},
    {"sort", "Sort rows"},
    {"rename", "Rename columns"},
    {"add_column", "Add column"},
    {"limit", "Limit"},
    {"writer", "Cloud Storage Writer"},
};

const KindEntry* FindKind(std::string_view kind) {
  for (const KindEntry& entry : kKinds)
    if (entry.kind == kind) return &entry;
  return nullptr;
}

std::string KindList() {
  std::string list;
  for (const KindEntry& entry : kKinds) list += (list.empty() ? "" : ", ") + std::string(entry.kind);
  return list;
}

Error BadDocument(std::string_view problem) { return InvalidField("document", problem); }

// Ids are shown in messages: keep them short and printable.
bool IsPlainId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

Result<FlowDocNode> NodeFromJson(const nlohmann::json& node, std::size_t index) {
  const std::string field = "nodes[" + std::to_string(index) + "]";
  if (!node.is_object()) return InvalidField(field, "must be an object {id, kind, settings}.");
  if (!node.contains("id") || !node["id"].is_string() || !IsPlainId(node["id"].get<std::string>()))
    return InvalidField(field + ".id", "must be a text of 1 to 64 printable characters.");
  FlowDocNode parsed{index, node["id"].get<std::string>(), "", nlohmann::json::object()};
  if (!node.contains("kind") || !node["kind"].is_string())
    return InvalidField(field + ".kind", "is required: one of " + KindList() + ".");
  parsed.kind = node["kind"].get<std::string>();
  if (FindKind(parsed.kind) == nullptr) {
    // The kind is not echoed whole: it is whatever the sender typed.
    return InvalidField(
        field + ".kind",
        "Node '" + parsed.id + "' has a kind this flowfile does not know: use one of " + KindList() + ".");
  }
  if (node.contains("position") && node["position"].is_object()) {
    const nlohmann::json& at = node["position"];
    if (at.contains("x") && at["x"].is_number()) parsed.x = at["x"].get<double>();
    if (at.contains("y") && at["y"].is_number()) parsed.y = at["y"].get<double>();
  }
  if (node.contains("settings") && !node["settings"].is_null()) {
    if (!node["settings"].is_object()) return InvalidField(field + ".settings", "must be an object.");
    parsed.settings = node["settings"];
  }
  return parsed;
}

Result<FlowDocEdge> EdgeFromJson(const nlohmann::json& edge, std::size_t index, const std::set<std::string>& ids) {
  const std::string field = "edges[" + std::to_string(index) + "]";
  if (!edge.is_object()) return InvalidField(field, "must be an object {source, target}.");
  FlowDocEdge parsed;
  for (const char* end : {"source", "target"}) {
    if (!edge.contains(end) || !edge[end].is_string() || !ids.contains(edge[end].get<std::string>()))
      return InvalidField(field + "." + end, "must be the id of a node of this flow.");
  }
  parsed.source = edge["source"].get<std::string>();
  parsed.target = edge["target"].get<std::string>();
  parsed.id = edge.contains("id") && edge["id"].is_string() ? edge["id"].get<std::string>()
                                                            : "e" + parsed.source + "-" + parsed.target;
  return parsed;
}

}  // namespace

Result<FlowDocument> ParseFlowDocument(std::string_view text) {
  if (text.size() > kMaxFlowDocumentBytes)
    return BadDocument("is larger than " + std::to_string(kMaxFlowDocumentBytes / 1024) + " KiB: split the flow.");
  // The parser's own text is never passed on (it may quote the input).
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return BadDocument("is not a flow: expected a JSON object {nodes, edges}.");
  if (!json.contains("nodes") || !json["nodes"].is_array())
    return InvalidField("nodes", "is required: a list of {id, kind, settings}.");
  FlowDocument document;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < json["nodes"].size(); ++i) {
    FLOWFILE_ASSIGN_OR_RETURN(FlowDocNode node, NodeFromJson(json["nodes"][i], i));
    if (!ids.insert(node.id).second)
      return InvalidField("nodes[" + std::to_string(i) + "].id", "Node id '" + node.id + "' is used twice.");
    document.nodes.push_back(std::move(node));
  }
  if (json.contains("edges") && !json["edges"].is_null()) {
    if (!json["edges"].is_array()) return InvalidField("edges", "must be a list of {source, target}.");
    for (std::size_t i = 0; i < json["edges"].size(); ++i) {
      FLOWFILE_ASSIGN_OR_RETURN(FlowDocEdge edge, EdgeFromJson(json["edges"][i], i, ids));
      document.edges.push_back(std::move(edge));
    }
  }
  return document;
}

std::string CanonicalText(const FlowDocument& document) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const FlowDocNode& node : document.nodes) {
    nodes.push_back({{"id", node.id},
                     {"kind", node.kind},
                     {"position", {{"x", node.x}, {"y", node.y}}},
                     {"settings", node.settings}});
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const FlowDocEdge& edge : document.edges)
    edges.push_back({{"id", edge.id}, {"source", edge.source}, {"target", edge.target}});
  return nlohmann::json{{"nodes", nodes}, {"edges", edges}}.dump();
}

std::string NodeName(const FlowDocNode& node) {
  const KindEntry* kind = FindKind(node.kind);
  return std::string(kind == nullptr ? node.kind : kind->label) + " '" + node.id + "'";
}

std::string SettingsField(const FlowDocNode& node) {
  return node.list + "[" + std::to_string(node.index) + "].settings";
}

std::string ConnectionOf(const FlowDocNode& node) {
  if (node.kind != "reader" && node.kind != "writer") return "";
  const nlohmann::json& connection = node.settings.contains("connection") ? node.settings["connection"] : nullptr;
  return connection.is_string() ? connection.get<std::string>() : "";
}

}  // namespace flowfile::service

namespace flowfile {

const std::vector<std::string_view>& FlowNodeKinds() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    for (const service::KindEntry& entry : service::kKinds) all.push_back(entry.kind);
    return all;
  }();
  return names;
}

}  // namespace flowfile
