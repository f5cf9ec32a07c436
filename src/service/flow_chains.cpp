// A saved flow's graph as the engine runs it: each Writer with the chain of
// nodes feeding it, the Select, Filter and Limit nodes pushed into the read
// (the engine applies select, then filters, then limit, so an order whose
// result would differ is refused on the node out of place); and a frame
// written back as such a chain.
#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "src/service/data_requests.h"
#include "src/service/flow_document.h"

namespace flowfile::service {
namespace {

std::vector<const FlowDocNode*> InputsOf(const FlowDocument& document, const std::string& id) {
  std::vector<const FlowDocNode*> inputs;
  for (const FlowDocEdge& edge : document.edges) {
    if (edge.target != id) continue;
    for (const FlowDocNode& node : document.nodes)
      if (node.id == edge.source) inputs.push_back(&node);
  }
  return inputs;
}

Error NodeProblem(const FlowDocNode& node, std::string_view field, std::string_view problem) {
  return InvalidField(SettingsField(node) + (field.empty() ? "" : "." + std::string(field)),
                      NodeName(node) + ": " + std::string(problem));
}

// The nodes from the Reader to `last`, Reader first.
Result<std::vector<const FlowDocNode*>> ChainTo(const FlowDocument& document, const FlowDocNode& last) {
  std::vector<const FlowDocNode*> chain;
  std::set<std::string> seen;
  const FlowDocNode* current = &last;
  while (true) {
    if (!seen.insert(current->id).second) return NodeProblem(*current, "", "the edges make a loop: delete one.");
    chain.insert(chain.begin(), current);
    if (current->kind == "reader") return chain;
    std::vector<const FlowDocNode*> inputs = InputsOf(document, current->id);
    if (inputs.empty()) return NodeProblem(*current, "", "has no input: connect a node to it.");
    if (inputs.size() > 1) return NodeProblem(*current, "", "has several inputs: keep one edge into it.");
    current = inputs.front();
  }
}

// A Filter node's value as the canvas stores it, typed text ("100",
// "true"), becomes a number or a flag; JSON numbers and flags stay as given.
nlohmann::json TypedValue(const nlohmann::json& value) {
  if (!value.is_string()) return value;
  const std::string text = value.get<std::string>();
  if (text == "true" || text == "false") return text == "true";
  if (!text.empty() && text.find_first_not_of("-+.0123456789eE") == std::string::npos) {
    nlohmann::json number = nlohmann::json::parse(text, nullptr, false);
    if (number.is_number()) return number;
  }
  return value;
}

Status ApplySelect(const FlowDocNode& node, FrameSpec& frame) {
  nlohmann::json body = {{"select", node.settings.value("columns", nlohmann::json::array())}};
  FrameSpec selected;
  if (!TransformsFromJson(body, selected).ok() || !selected.columns || selected.columns->empty())
    return NodeProblem(node, "columns", "name at least one column to keep.");
  for (const std::string& column : *selected.columns) {
    if (frame.columns && std::find(frame.columns->begin(), frame.columns->end(), column) == frame.columns->end())
      return NodeProblem(node, "columns", column + " was removed by an earlier Select columns.");
  }
  for (const ColumnFilter& filter : frame.filters) {
    if (std::find(selected.columns->begin(), selected.columns->end(), filter.column) == selected.columns->end())
      return NodeProblem(node, "columns", "keep " + filter.column + ", which an earlier Filter rows uses.");
  }
  frame.columns = std::move(selected.columns);
  return Status::Ok();
}

Status ApplyFilter(const FlowDocNode& node, FrameSpec& frame) {
  if (frame.limit) return NodeProblem(node, "", "comes after a Limit: move it before the Limit.");
  nlohmann::json filter = {{"column", node.settings.value("column", nlohmann::json())},
                           {"op", node.settings.value("op", nlohmann::json("eq"))}};
  const std::string op = filter["op"].is_string() ? filter["op"].get<std::string>() : "";
  if (op != "is_null" && op != "is_not_null")
    filter["value"] = TypedValue(node.settings.value("value", nlohmann::json()));
  FrameSpec filtered;
  Status parsed = TransformsFromJson({{"filters", nlohmann::json::array({filter})}}, filtered);
  if (!parsed.ok()) {
    // "filters[0].value is required..." -> the node's own field.
    const std::string& field = parsed.error().field();
    return InvalidField(
        SettingsField(node) + field.substr(std::min(field.size(), std::string("filters[0]").size())),
        NodeName(node) + ": " + parsed.error().message());
  }
  const ColumnFilter& added = filtered.filters.front();
  if (frame.columns &&
      std::find(frame.columns->begin(), frame.columns->end(), added.column) == frame.columns->end())
    return NodeProblem(node, "column", added.column + " was removed by Select columns before it.");
  frame.filters.push_back(added);
  return Status::Ok();
}

Status ApplyLimit(const FlowDocNode& node, FrameSpec& frame) {
  const nlohmann::json rows = node.settings.value("rows", nlohmann::json());
  if (!rows.is_number_integer() || rows.get<std::int64_t>() < 0)
    return NodeProblem(node, "rows", "type a whole number of rows, 0 or more.");
  frame.limit = std::min(frame.limit.value_or(rows.get<std::int64_t>()), rows.get<std::int64_t>());
  return Status::Ok();
}

// The read of a chain that starts with a Reader, through its transforms
// (a Writer at its end is left to the caller).
Result<FrameSpec> ReadOf(const std::vector<const FlowDocNode*>& chain) {
  const FlowDocNode& reader = *chain.front();
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec frame, ReadSettingsFromJson(reader.settings, SettingsField(reader)));
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const FlowDocNode& node = *chain[i];
    if (node.kind == "select") FLOWFILE_RETURN_IF_ERROR(ApplySelect(node, frame));
    if (node.kind == "filter") FLOWFILE_RETURN_IF_ERROR(ApplyFilter(node, frame));
    if (node.kind == "limit") FLOWFILE_RETURN_IF_ERROR(ApplyLimit(node, frame));
    if (node.kind == "reader")
      return NodeProblem(node, "", "cannot take rows from another node: delete the edge into it.");
  }
  return frame;
}

}  // namespace

Result<std::vector<FlowSpec>> FlowSpecsOf(const FlowDocument& document) {
  std::vector<FlowSpec> runs;
  for (const FlowDocNode& node : document.nodes) {
    if (node.kind != "writer") continue;
    FLOWFILE_ASSIGN_OR_RETURN(std::vector<const FlowDocNode*> chain, ChainTo(document, node));
    chain.pop_back();
    FLOWFILE_ASSIGN_OR_RETURN(FrameSpec read, ReadOf(chain));
    FLOWFILE_ASSIGN_OR_RETURN(WriteSettings write, WriteSettingsFromJson(node.settings, SettingsField(node)));
    runs.push_back(FlowSpec{std::move(read), std::move(write.connection), std::move(write.write)});
  }
  if (runs.empty())
    return InvalidField("nodes", "The flow has no Cloud Storage Writer: add one and connect it, then run.");
  return runs;
}

Result<FrameSpec> FrameSpecOf(const FlowDocument& document) {
  std::vector<const FlowDocNode*> readers;
  for (const FlowDocNode& node : document.nodes)
    if (node.kind == "reader") readers.push_back(&node);
  if (readers.size() != 1)
    return InvalidField("nodes", "The flow has " + std::to_string(readers.size()) +
                                     " Cloud Storage Readers: a frame opens from a flow with exactly one.");
  // Follow the one edge out of each node while it leads to a transform.
  std::vector<const FlowDocNode*> chain{readers.front()};
  while (chain.size() <= document.nodes.size()) {
    std::vector<const FlowDocNode*> next;
    for (const FlowDocEdge& edge : document.edges) {
      if (edge.source != chain.back()->id) continue;
      for (const FlowDocNode& node : document.nodes)
        if (node.id == edge.target) next.push_back(&node);
    }
    if (next.size() != 1 || next.front()->kind == "writer" || next.front()->kind == "reader") break;
    chain.push_back(next.front());
  }
  return ReadOf(chain);
}

}  // namespace flowfile::service
