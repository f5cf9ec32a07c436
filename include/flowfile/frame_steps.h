// Transforms the engine runs on a frame's rows after its read, in order:
// those no read can do for it (sort, rename, a computed column), and a
// select, filter or limit that comes after one of them. Front ends declare
// them (a flow's Sort, Rename and Add column nodes); the engine runs them
// on the Arrow stream, never the front end.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "flowfile/data.h"

namespace flowfile {

struct SelectStep {
  std::vector<std::string> columns;  // kept, in this order
};

struct FilterStep {
  ColumnFilter filter;
};

struct LimitStep {
  std::int64_t rows = 0;
};

// Rows ordered by the keys, the first key first; nulls last. Holds every
// row in memory: sort after the filters and selects that shrink the rows.
struct SortStep {
  struct Key {
    std::string column;
    bool descending = false;
  };
  std::vector<Key> keys;
};

// Columns renamed (from, to); the others keep their names and places.
struct RenameStep {
  std::vector<std::pair<std::string, std::string>> names;
};

// A new column (or a replaced one of the same name, in its place):
// `column <op> operand`, the operand a column or a value. Division gives
// decimals (float64) whatever the operands' types.
struct ComputeStep {
  enum class Op { kAdd, kSubtract, kMultiply, kDivide };
  std::string name;
  std::string column;
  Op op = Op::kAdd;
  bool operand_is_column = false;
  std::string operand_column;  // when operand_is_column
  ColumnFilter::Value operand_value;
};

// "add", "subtract", "multiply", "divide": the names front ends use.
Result<ComputeStep::Op> ParseComputeOp(std::string_view name);
std::vector<std::string_view> ComputeOpNames();

struct FrameStep {
  std::variant<SelectStep, FilterStep, LimitStep, SortStep, RenameStep, ComputeStep> action;
  // Where the step was declared ("nodes[3].settings", "steps[1].settings"):
  // the prefix of the field its errors name.
  std::string field;
};

// The steps in words, as a frame's plan shows them after its read:
// "sort by a descending, b; rename a to x; add column c = a + b; limit 5"
// (empty for no steps). Never holds anything but column names and values.
std::string DescribeFrameSteps(const std::vector<FrameStep>& steps);

}  // namespace flowfile
