#include "src/service/data_requests.h"

namespace flowfile::service {

LazyFrame ApplyFrameCalls(LazyFrame frame, const std::vector<FrameCall>& calls) {
  for (const FrameCall& call : calls) {
    switch (call.kind) {
      case FrameCall::Kind::kSelect:
        frame = frame.Select(call.columns);
        break;
      case FrameCall::Kind::kFilter:
        frame = frame.Filter(call.filter);
        break;
      case FrameCall::Kind::kLimit:
        frame = frame.Limit(call.limit);
        break;
    }
  }
  return frame;
}

}  // namespace flowfile::service
