// Runs small flows (a Cloud Storage Reader into a Cloud Storage Writer) in
// the background and keeps their progress for polling.
//
// A job belongs to the user who started it: another user's job id is not
// found. At most kMaxRunning jobs run at once and the newest kMaxKept
// finished jobs are kept. Thread-safe; the destructor waits for running jobs.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "flowfile/engine.h"
#include "src/server/data_requests.h"

namespace flowfile::server {

enum class JobState { kRunning, kSucceeded, kFailed };
std::string_view JobStateName(JobState state);  // "running", "succeeded", "failed"

// A snapshot of one job.
struct JobView {
  std::string id;
  JobState state = JobState::kRunning;
  std::int64_t rows_read = 0;
  std::int64_t batches_read = 0;
  std::int64_t started_at = 0;   // unix milliseconds
  std::int64_t finished_at = 0;  // 0 while running
  std::optional<WriteResult> result;
  std::optional<Error> error;
};

class FlowJobs {
 public:
  static constexpr int kMaxRunning = 4;
  static constexpr std::size_t kMaxKept = 200;

  FlowJobs() = default;
  ~FlowJobs();
  FlowJobs(const FlowJobs&) = delete;
  FlowJobs& operator=(const FlowJobs&) = delete;

  // Starts reading with `read` and writing with `write` as `session`'s user.
  // kUnavailable when kMaxRunning jobs are running already.
  Result<std::string> Start(UserSession session, ReadSettings read, WriteSettings write);
  // kNotFound for an unknown id or another user's job.
  Result<JobView> Get(UserId user, std::string_view id);

  struct Job;

 private:
  void Forget();

  std::mutex mutex_;  // guards jobs_, order_ and running_
  std::condition_variable finished_;
  std::map<std::string, std::shared_ptr<Job>, std::less<>> jobs_;
  std::vector<std::string> order_;  // ids, oldest first
  int running_ = 0;
};

}  // namespace flowfile::server
