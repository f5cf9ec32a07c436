// A saved flow's graph as the engine runs it: each Writer with the chain of
// nodes feeding it, the Select, Filter and Limit nodes pushed into the read
// (the engine applies select, then filters, then limit, so an order whose
// result would differ is refused on the node out of place) until a Sort,
// Rename or Add column node, which with every node after it becomes a step
// run on the rows; and a frame written back as such a chain.
#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "flowfile/saved_flow.h"
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

Result<std::vector<std::string>> ColumnsOf(const FlowDocNode& node) {
  nlohmann::json body = {{"select", node.settings.value("columns", nlohmann::json::array())}};
  FrameSpec selected;
  if (!TransformsFromJson(body, selected).ok() || !selected.columns || selected.columns->empty())
    return NodeProblem(node, "columns", "name at least one column to keep.");
  return *std::move(selected.columns);
}

Result<ColumnFilter> FilterOf(const FlowDocNode& node) {
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
  return filtered.filters.front();
}

Result<std::int64_t> RowsOf(const FlowDocNode& node) {
  const nlohmann::json rows = node.settings.value("rows", nlohmann::json());
  if (!rows.is_number_integer() || rows.get<std::int64_t>() < 0)
    return NodeProblem(node, "rows", "type a whole number of rows, 0 or more.");
  return rows.get<std::int64_t>();
}

std::string TextSetting(const nlohmann::json& object, const char* name) {
  const nlohmann::json value = object.is_object() ? object.value(name, nlohmann::json()) : nlohmann::json();
  return value.is_string() ? value.get<std::string>() : "";
}

Result<SortStep> SortOf(const FlowDocNode& node) {
  const nlohmann::json keys = node.settings.value("keys", nlohmann::json::array());
  if (!keys.is_array()) return NodeProblem(node, "keys", "must be a list of {column, descending}.");
  SortStep sort;
  for (const nlohmann::json& key : keys) {
    const std::string column = TextSetting(key, "column");
    if (column.empty()) continue;
    const nlohmann::json descending = key.value("descending", nlohmann::json(false));
    sort.keys.push_back({column, descending.is_boolean() && descending.get<bool>()});
  }
  if (sort.keys.empty()) return NodeProblem(node, "keys", "choose at least one column to sort by.");
  return sort;
}

Result<RenameStep> RenameOf(const FlowDocNode& node) {
  const nlohmann::json names = node.settings.value("names", nlohmann::json::array());
  if (!names.is_array()) return NodeProblem(node, "names", "must be a list of {from, to}.");
  RenameStep rename;
  for (const nlohmann::json& pair : names) {
    const std::string from = TextSetting(pair, "from");
    const std::string to = TextSetting(pair, "to");
    if (from.empty() && to.empty()) continue;
    if (from.empty() || to.empty())
      return NodeProblem(node, "names", "give each renamed column its old and new name.");
    rename.names.emplace_back(from, to);
  }
  if (rename.names.empty()) return NodeProblem(node, "names", "choose a column to rename and its new name.");
  return rename;
}

Result<ComputeStep> ComputeOf(const FlowDocNode& node) {
  ComputeStep compute;
  compute.name = TextSetting(node.settings, "name");
  compute.column = TextSetting(node.settings, "column");
  if (compute.name.empty()) return NodeProblem(node, "name", "type the name of the new column.");
  if (compute.column.empty()) return NodeProblem(node, "column", "choose the column to compute from.");
  Result<ComputeStep::Op> op = ParseComputeOp(TextSetting(node.settings, "op"));
  if (!op.ok()) return NodeProblem(node, "op", op.error().message());
  compute.op = *op;
  compute.operand_column = TextSetting(node.settings, "operand_column");
  compute.operand_is_column = !compute.operand_column.empty();
  if (!compute.operand_is_column) {
    const nlohmann::json value = TypedValue(node.settings.value("value", nlohmann::json()));
    if (value.is_number_integer()) {
      compute.operand_value = value.get<std::int64_t>();
    } else if (value.is_number()) {
      compute.operand_value = value.get<double>();
    } else if (value.is_string() && !value.get<std::string>().empty()) {
      compute.operand_value = value.get<std::string>();
    } else {
      return NodeProblem(node, "value", "type a number, or choose a column to compute with.");
    }
  }
  return compute;
}

Status ApplySelect(const FlowDocNode& node, FrameSpec& frame) {
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnsOf(node));
  for (const std::string& column : columns) {
    if (frame.columns && std::find(frame.columns->begin(), frame.columns->end(), column) == frame.columns->end())
      return NodeProblem(node, "columns", column + " was removed by an earlier Select columns.");
  }
  // Filters before it may test columns it drops: the engine filters the
  // source's rows before it keeps the selected columns.
  frame.columns = std::move(columns);
  frame.columns_field = SettingsField(node);
  return Status::Ok();
}

Status ApplyFilter(const FlowDocNode& node, FrameSpec& frame) {
  if (frame.limit) return NodeProblem(node, "", "comes after a Limit: move it before the Limit.");
  FLOWFILE_ASSIGN_OR_RETURN(ColumnFilter added, FilterOf(node));
  if (frame.columns &&
      std::find(frame.columns->begin(), frame.columns->end(), added.column) == frame.columns->end())
    return NodeProblem(node, "column", added.column + " was removed by Select columns before it.");
  frame.filter_fields.resize(frame.filters.size());
  frame.filters.push_back(std::move(added));
  frame.filter_fields.push_back(SettingsField(node));
  return Status::Ok();
}

Status ApplyLimit(const FlowDocNode& node, FrameSpec& frame) {
  FLOWFILE_ASSIGN_OR_RETURN(std::int64_t rows, RowsOf(node));
  frame.limit = std::min(frame.limit.value_or(rows), rows);
  return Status::Ok();
}

}  // namespace

Result<FrameStep> StepOf(const FlowDocNode& node) {
  FrameStep step{SelectStep{}, SettingsField(node)};
  if (node.kind == "select") {
    FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnsOf(node));
    step.action = SelectStep{std::move(columns)};
  } else if (node.kind == "filter") {
    FLOWFILE_ASSIGN_OR_RETURN(ColumnFilter filter, FilterOf(node));
    step.action = FilterStep{std::move(filter)};
  } else if (node.kind == "limit") {
    FLOWFILE_ASSIGN_OR_RETURN(std::int64_t rows, RowsOf(node));
    step.action = LimitStep{rows};
  } else if (node.kind == "sort") {
    FLOWFILE_ASSIGN_OR_RETURN(step.action, SortOf(node));
  } else if (node.kind == "rename") {
    FLOWFILE_ASSIGN_OR_RETURN(step.action, RenameOf(node));
  } else if (node.kind == "add_column") {
    FLOWFILE_ASSIGN_OR_RETURN(step.action, ComputeOf(node));
  } else {
    return NodeProblem(node, "", "cannot transform rows here: delete the edge into it.");
  }
  return step;
}

namespace {

bool RunsAfterTheRead(const FlowDocNode& node) {
  return node.kind == "sort" || node.kind == "rename" || node.kind == "add_column";
}

// One transform node after what `frame` does already.
Status ApplyNode(const FlowDocNode& node, FrameSpec& frame) {
  if (node.kind == "reader")
    return NodeProblem(node, "", "cannot take rows from another node: delete the edge into it.");
  if (!frame.steps.empty() || RunsAfterTheRead(node)) {
    FLOWFILE_ASSIGN_OR_RETURN(FrameStep step, StepOf(node));
    frame.steps.push_back(std::move(step));
    return Status::Ok();
  }
  if (node.kind == "select") return ApplySelect(node, frame);
  if (node.kind == "filter") return ApplyFilter(node, frame);
  if (node.kind == "limit") return ApplyLimit(node, frame);
  return NodeProblem(node, "", "gives no rows: connect the next node to a node before it.");
}

// The read of a chain that starts with a Reader, through its transforms
// (a Writer at its end is left to the caller).
Result<FrameSpec> ReadOf(const std::vector<const FlowDocNode*>& chain) {
  const FlowDocNode& reader = *chain.front();
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec frame, ReadSettingsFromJson(reader.settings, SettingsField(reader)));
  for (std::size_t i = 1; i < chain.size(); ++i) FLOWFILE_RETURN_IF_ERROR(ApplyNode(*chain[i], frame));
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

Status StepsFromJson(const nlohmann::json& steps, FrameSpec& frame) {
  if (!steps.is_array()) return InvalidField("steps", "must be a list of {kind, settings}.");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const nlohmann::json& step = steps[i];
    const std::string field = "steps[" + std::to_string(i) + "]";
    if (!step.is_object()) return InvalidField(field, "must be an object {kind, settings}.");
    FlowDocNode node;
    node.index = i;
    node.list = "steps";
    node.kind = TextSetting(step, "kind");
    node.id = TextSetting(step, "id");
    if (node.id.empty() || node.id.size() > 64) node.id = "step " + std::to_string(i + 1);
    if (node.kind == "reader" || node.kind == "writer" ||
        std::find(FlowNodeKinds().begin(), FlowNodeKinds().end(), node.kind) == FlowNodeKinds().end())
      return InvalidField(field + ".kind",
                          "must be a transform: select, filter, sort, rename, add_column or limit.");
    const nlohmann::json settings = step.value("settings", nlohmann::json::object());
    if (!settings.is_object()) return InvalidField(field + ".settings", "must be an object.");
    node.settings = settings;
    FLOWFILE_RETURN_IF_ERROR(ApplyNode(node, frame));
  }
  return Status::Ok();
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

Error AtDeclaringNode(const FrameSpec& frame, Error error) {
  const std::string& field = error.field();
  std::string node_field;
  std::string rest;
  if (field == "select" && !frame.columns_field.empty()) {
    node_field = frame.columns_field;
    rest = ".columns";
  } else if (field.rfind("filters[", 0) == 0) {
    const std::size_t close = field.find(']');
    const std::string index = field.substr(8, close == std::string::npos ? 0 : close - 8);
    const bool number =
        !index.empty() && index.size() < 6 && index.find_first_not_of("0123456789") == std::string::npos;
    const std::size_t i = !number ? frame.filter_fields.size() : std::stoul(index);
    if (i < frame.filter_fields.size()) node_field = frame.filter_fields[i];
    rest = field.substr(close + 1);
  }
  if (node_field.empty()) return error;
  return Error(error.code(), error.message(), node_field + rest);
}

}  // namespace flowfile::service
