// A saved flow's document (saved_flow.h) as the service reads it: parsed
// and checked for shape (nodes with known kinds and unique ids, edges
// between them), and turned into what the engine runs. Internal to the
// service layer. Errors are kInvalidArgument naming the field
// ("nodes[2].kind", "edges[0].target", "nodes[1].settings.path") with a
// message that names the node as the canvas shows it.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/flow.h"
#include "flowfile/result.h"

namespace flowfile::service {

struct FlowDocNode {
  std::size_t index = 0;  // in the document's nodes
  std::string id;
  std::string kind;            // one of FlowNodeKinds()
  nlohmann::json settings;     // an object
  double x = 0, y = 0;         // where it sits on the canvas
  std::string list = "nodes";  // where it was given: "nodes" (a document) or "steps" (a request)
};

struct FlowDocEdge {
  std::string id;
  std::string source;
  std::string target;
};

struct FlowDocument {
  std::vector<FlowDocNode> nodes;
  std::vector<FlowDocEdge> edges;
};

Result<FlowDocument> ParseFlowDocument(std::string_view text);
// The document as it is stored: only the fields above, so what a client
// added (a canvas library's own state) is not kept or served back.
std::string CanonicalText(const FlowDocument& document);

// "Cloud Storage Reader 'n1'": a node as messages name it.
std::string NodeName(const FlowDocNode& node);
// "nodes[3].settings" ("steps[3].settings" for a request's step): the
// prefix of a node's settings' fields in errors.
std::string SettingsField(const FlowDocNode& node);

// The connection name a Reader or Writer node uses; empty for other kinds
// and for "no connection (local credentials)".
std::string ConnectionOf(const FlowDocNode& node);

// One FlowSpec per Writer (in node order), each reading the chain that
// feeds it with its Select, Filter and Limit nodes pushed into the read
// until a Sort, Rename or Add column node: that node and every one after it
// become steps the engine runs on the rows. A pushed-down chain whose result
// would differ from the drawing is refused on the node out of place.
Result<std::vector<FlowSpec>> FlowSpecsOf(const FlowDocument& document);
// What the flow's one Reader reads through the transforms after it.
Result<FrameSpec> FrameSpecOf(const FlowDocument& document);
// Applies a request's transform steps, [{kind, id?, settings}] with the
// settings a saved flow's nodes hold, after `frame`'s read by the same rules
// as a flow's nodes (fields "steps[i]...").
Status StepsFromJson(const nlohmann::json& steps, FrameSpec& frame);
// A document of a Reader followed by Select, Filter and Limit nodes, and a
// node per step (Sort, Rename, Add column, ...) after them.
std::string DocumentOfFrame(const FrameSpec& frame);
// One such chain per branch, ending in its Writer when it has one; a node
// equal to one already drawn after the same node (or a Reader equal to one
// already drawn) is drawn once, so branches that begin alike fork. Each
// branch that adds nodes gets a row of its own on the canvas.
std::string DocumentOfBranches(const std::vector<FlowBranch>& branches);
// One transform node as the step the engine runs after a read, whatever
// came before it: how a Sort, Rename or Add column node, and every node
// after one, becomes a step (errors name the node's settings).
Result<FrameStep> StepOf(const FlowDocNode& node);
// A step as a transform node holds it: its kind and settings, which StepOf
// reads back as the same step.
std::string_view StepKind(const FrameStep& step);
nlohmann::json StepSettings(const FrameStep& step);
// "eq", "is_null", ...: a filter's op as nodes and requests name it.
std::string FilterOpName(ColumnFilter::Op op);
// A filter's or computed column's value as a node's settings hold it.
nlohmann::json ValueJson(const ColumnFilter::Value& value);
// `error` of reading `frame`, its field ("filters[1].column", "select")
// renamed to the node's that declared it ("steps[2].settings.column"), so a
// pushed-down transform's error lands on that node; others unchanged.
Error AtDeclaringNode(const FrameSpec& frame, Error error);

}  // namespace flowfile::service
