// A frame's steps as transform nodes hold them (kind and settings): what
// DocumentOfFrame writes for a frame's steps, and the JSON text the Python
// package keeps and sends (flow.h's FrameStepsFromJson / FrameStepsToJson).
// The settings are those of the canvas's nodes, read back by StepOf, so a
// step has one spelling wherever it is stored.
#include <variant>

#include "src/service/flow_document.h"

namespace flowfile::service {
namespace {

std::string ComputeOpName(ComputeStep::Op op) {
  for (std::string_view name : ComputeOpNames()) {
    Result<ComputeStep::Op> parsed = ParseComputeOp(name);
    if (parsed.ok() && *parsed == op) return std::string(name);
  }
  return "add";
}

nlohmann::json ComputeSettings(const ComputeStep& compute) {
  // The canvas's Add column node: an operand column, or else a value as
  // the typed text its field holds ("2", "2.5"), which StepOf reads back.
  std::string value;
  if (const std::string* text = std::get_if<std::string>(&compute.operand_value)) {
    value = *text;
  } else if (!compute.operand_is_column) {
    value = ValueJson(compute.operand_value).dump();
  }
  return {{"name", compute.name},
          {"column", compute.column},
          {"op", ComputeOpName(compute.op)},
          {"value", value},
          {"operand_column", compute.operand_is_column ? compute.operand_column : ""}};
}

}  // namespace

std::string FilterOpName(ColumnFilter::Op op) {
  for (std::string_view name : FilterOpNames()) {
    Result<ColumnFilter::Op> parsed = ParseFilterOp(name);
    if (parsed.ok() && *parsed == op) return std::string(name);
  }
  return "eq";
}

nlohmann::json ValueJson(const ColumnFilter::Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

std::string_view StepKind(const FrameStep& step) {
  static constexpr std::string_view kKinds[] = {"select", "filter", "limit", "sort", "rename", "add_column"};
  return kKinds[step.action.index()];  // in the order of FrameStep::action's alternatives
}

nlohmann::json StepSettings(const FrameStep& step) {
  return std::visit(
      [](const auto& action) -> nlohmann::json {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<T, SelectStep>) {
          return {{"columns", action.columns}};
        } else if constexpr (std::is_same_v<T, FilterStep>) {
          return {{"column", action.filter.column},
                  {"op", FilterOpName(action.filter.op)},
                  {"value", ValueJson(action.filter.value)}};
        } else if constexpr (std::is_same_v<T, LimitStep>) {
          return {{"rows", action.rows}};
        } else if constexpr (std::is_same_v<T, SortStep>) {
          nlohmann::json keys = nlohmann::json::array();
          for (const SortStep::Key& key : action.keys)
            keys.push_back({{"column", key.column}, {"descending", key.descending}});
          return {{"keys", std::move(keys)}};
        } else if constexpr (std::is_same_v<T, RenameStep>) {
          nlohmann::json names = nlohmann::json::array();
          for (const auto& [from, to] : action.names) names.push_back({{"from", from}, {"to", to}});
          return {{"names", std::move(names)}};
        } else {
          return ComputeSettings(action);
        }
      },
      step.action);
}

}  // namespace flowfile::service

namespace flowfile {

Result<std::vector<FrameStep>> FrameStepsFromJson(std::string_view text) {
  const nlohmann::json steps = nlohmann::json::parse(text, nullptr, false);
  if (!steps.is_array()) return InvalidField("steps", "must be a list of {kind, settings}.");
  std::vector<FrameStep> parsed;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const nlohmann::json& step = steps[i];
    service::FlowDocNode node;
    node.index = i;
    node.list = "steps";
    node.id = "step " + std::to_string(i + 1);
    const nlohmann::json kind = step.is_object() ? step.value("kind", nlohmann::json()) : nlohmann::json();
    node.kind = kind.is_string() ? kind.get<std::string>() : "";
    node.settings = step.is_object() ? step.value("settings", nlohmann::json::object()) : nlohmann::json();
    if (!node.settings.is_object())
      return InvalidField("steps[" + std::to_string(i) + "].settings", "must be an object.");
    FLOWFILE_ASSIGN_OR_RETURN(FrameStep parsed_step, service::StepOf(node));
    parsed.push_back(std::move(parsed_step));
  }
  return parsed;
}

std::string FrameStepsToJson(const std::vector<FrameStep>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const FrameStep& step : steps)
    out.push_back({{"kind", service::StepKind(step)}, {"settings", service::StepSettings(step)}});
  return out.dump();
}

}  // namespace flowfile
