// The one table of computed-column operations: the name front ends use, the
// Arrow compute function that runs it and the verb messages use.
#pragma once

#include <string_view>

#include "flowfile/frame_steps.h"

namespace flowfile::io {

struct ComputeOpEntry {
  std::string_view name;
  ComputeStep::Op op;
  const char* function;     // Arrow's compute function
  std::string_view verb;    // in messages
  std::string_view symbol;  // in a plan's description
};

inline constexpr ComputeOpEntry kComputeOps[] = {
    {"add", ComputeStep::Op::kAdd, "add", "add", "+"},
    {"subtract", ComputeStep::Op::kSubtract, "subtract", "subtract", "-"},
    {"multiply", ComputeStep::Op::kMultiply, "multiply", "multiply", "*"},
    {"divide", ComputeStep::Op::kDivide, "divide", "divide", "/"},
};

constexpr const ComputeOpEntry& EntryOf(ComputeStep::Op op) {
  for (const ComputeOpEntry& entry : kComputeOps)
    if (entry.op == op) return entry;
  return kComputeOps[0];
}

}  // namespace flowfile::io
