// Runs flows (a Cloud Storage Reader streamed into a Cloud Storage Writer)
// in the background and keeps their progress for polling, for every front
// end alike. Internal to the service layer: front ends reach it through
// UserSession::StartFlow and GetFlowRun.
//
// A run belongs to the user who started it: another user's run id is not
// found. At most kMaxRunning runs at once and the newest kMaxKept finished
// runs are kept. Thread-safe. Each run's thread is owned here: joined once
// the run has finished (when the next run starts) or by the destructor,
// which cancels what still runs first.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "flowfile/engine.h"
#include "flowfile/flow.h"

namespace flowfile::service {

class FlowRuns {
 public:
  static constexpr int kMaxRunning = 4;
  static constexpr std::size_t kMaxKept = 200;

  FlowRuns() = default;
  ~FlowRuns();
  FlowRuns(const FlowRuns&) = delete;
  FlowRuns& operator=(const FlowRuns&) = delete;

  // Starts `flow` as `session`'s user. kUnavailable when kMaxRunning flows
  // are running already.
  Result<std::string> Start(UserSession session, FlowSpec flow);
  // kNotFound for an unknown id or another user's run.
  Result<FlowRun> Get(UserId user, std::string_view id);
  // Asks a running run to stop at its next batch; what it was writing is
  // not kept (writes are atomic). A finished run is left as it is. Returns
  // the snapshot after asking. kNotFound as for Get.
  Result<FlowRun> Cancel(UserId user, std::string_view id);

  struct Run;

 private:
  void Forget();  // mutex_ held

  void JoinFinished();  // mutex_ held

  std::mutex mutex_;  // guards runs_, order_, threads_ and running_
  std::condition_variable finished_;
  std::map<std::string, std::shared_ptr<Run>, std::less<>> runs_;
  std::vector<std::string> order_;  // ids, oldest first
  // The run threads not joined yet, with the run each one runs.
  std::vector<std::pair<std::shared_ptr<Run>, std::thread>> threads_;
  int running_ = 0;
};

}  // namespace flowfile::service
