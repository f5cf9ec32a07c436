#include <algorithm>

#include "src/service/data_requests.h"

namespace flowfile::service {
namespace {

// A select, filter or limit after a step runs on the rows too, in call order.
FrameStep AsStep(const FrameCall& call, std::size_t index) {
  const std::string field = "calls[" + std::to_string(index) + "]";
  switch (call.kind) {
    case FrameCall::Kind::kSelect:
      return FrameStep{SelectStep{call.columns}, field + ".select"};
    case FrameCall::Kind::kFilter:
      return FrameStep{FilterStep{call.filter}, field + ".filter"};
    case FrameCall::Kind::kLimit:
      return FrameStep{LimitStep{std::max<std::int64_t>(0, call.limit)}, field + ".limit"};
    case FrameCall::Kind::kStep:
      break;
  }
  return call.step;
}

}  // namespace

void ApplyFrameCalls(FrameSpec& frame, const std::vector<FrameCall>& calls) {
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const FrameCall& call = calls[i];
    if (!frame.steps.empty() || call.kind == FrameCall::Kind::kStep) {
      frame.steps.push_back(AsStep(call, i));
      continue;
    }
    switch (call.kind) {
      case FrameCall::Kind::kSelect:
        frame.columns = call.columns;
        break;
      case FrameCall::Kind::kFilter:
        frame.filters.push_back(call.filter);
        break;
      case FrameCall::Kind::kLimit:
        frame.limit = std::max<std::int64_t>(0, frame.limit ? std::min(*frame.limit, call.limit) : call.limit);
        break;
      case FrameCall::Kind::kStep:
        break;
    }
  }
}

}  // namespace flowfile::service
