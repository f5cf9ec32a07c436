// UserSession: stopping a flow run, for every front end alike.
#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"

namespace flowfile {

Result<FlowRun> UserSession::CancelFlowRun(std::string_view id) const {
  return engine_->flow_runs().Cancel(user_, id);
}

}  // namespace flowfile
