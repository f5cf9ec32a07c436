// The one table of filter comparisons: the name front ends use, the Arrow
// compute function that runs it and the symbol Describe() shows.
#pragma once

#include <array>
#include <string_view>

#include "flowfile/data.h"

namespace flowfile::io {

struct FilterOpSpec {
  ColumnFilter::Op op;
  std::string_view name;      // as front ends spell it ("eq")
  std::string_view function;  // Arrow compute function ("equal")
  std::string_view symbol;    // in Describe() ("==")
  bool unary;                 // takes no value
};

inline constexpr std::array<FilterOpSpec, 8> kFilterOps = {{
    {ColumnFilter::Op::kEq, "eq", "equal", "==", false},
    {ColumnFilter::Op::kNe, "ne", "not_equal", "!=", false},
    {ColumnFilter::Op::kLt, "lt", "less", "<", false},
    {ColumnFilter::Op::kLe, "le", "less_equal", "<=", false},
    {ColumnFilter::Op::kGt, "gt", "greater", ">", false},
    {ColumnFilter::Op::kGe, "ge", "greater_equal", ">=", false},
    {ColumnFilter::Op::kIsNull, "is_null", "is_null", "is null", true},
    {ColumnFilter::Op::kIsNotNull, "is_not_null", "is_valid", "is not null", true},
}};

constexpr const FilterOpSpec& FilterOp(ColumnFilter::Op op) {
  for (const FilterOpSpec& spec : kFilterOps) {
    if (spec.op == op) return spec;
  }
  return kFilterOps[0];
}

}  // namespace flowfile::io
