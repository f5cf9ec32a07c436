// DescribeFrameSteps (frame_steps.h): a frame's steps in the words of its
// plan, after what LazyFrame::Describe says of its read.
#include <variant>

#include "flowfile/frame_steps.h"
#include "src/io/compute_ops.h"
#include "src/io/filter_expression.h"

namespace flowfile {
namespace {

std::string Joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : std::string(separator)) + part;
  return text;
}

std::string DescribeStep(const FrameStep& step) {
  return std::visit(
      [](const auto& action) -> std::string {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<T, SelectStep>) {
          return "select " + Joined(action.columns, ", ");
        } else if constexpr (std::is_same_v<T, FilterStep>) {
          return "filter " + io::DescribeFilter(action.filter);
        } else if constexpr (std::is_same_v<T, LimitStep>) {
          return "limit " + std::to_string(action.rows);
        } else if constexpr (std::is_same_v<T, SortStep>) {
          std::vector<std::string> keys;
          for (const SortStep::Key& key : action.keys)
            keys.push_back(key.column + (key.descending ? " descending" : ""));
          return "sort by " + Joined(keys, ", ");
        } else if constexpr (std::is_same_v<T, RenameStep>) {
          std::vector<std::string> names;
          for (const auto& [from, to] : action.names) names.push_back(from + " to " + to);
          return "rename " + Joined(names, ", ");
        } else {
          const std::string operand =
              action.operand_is_column ? action.operand_column : io::DescribeValue(action.operand_value);
          return "add column " + action.name + " = " + action.column + " " +
                 std::string(io::EntryOf(action.op).symbol) + " " + operand;
        }
      },
      step.action);
}

}  // namespace

std::string DescribeFrameSteps(const std::vector<FrameStep>& steps) {
  std::vector<std::string> parts;
  parts.reserve(steps.size());
  for (const FrameStep& step : steps) parts.push_back(DescribeStep(step));
  return Joined(parts, "; ");
}

}  // namespace flowfile
