#include "src/service/flow_runs.h"

#include <arrow/api.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "src/crypto/base64.h"
#include "src/crypto/random.h"
#include "src/io/frame_steps.h"
#include "src/service/flow_document.h"
#include "src/service/flow_totals.h"

namespace flowfile {

std::string_view FlowRunStateName(FlowRunState state) {
  switch (state) {
    case FlowRunState::kRunning:
      return "running";
    case FlowRunState::kSucceeded:
      return "succeeded";
    case FlowRunState::kFailed:
      return "failed";
    case FlowRunState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

namespace service {

struct FlowRuns::Run {
  UserId user = 0;
  std::string id;
  std::atomic<std::int64_t> rows_read{0};
  std::atomic<std::int64_t> batches_read{0};
  std::atomic<std::int64_t> rows_total{-1};  // -1: not known
  std::atomic<bool> cancel{false};
  bool counted_out = false;  // guarded by FlowRuns::mutex_: its thread only returns now
  std::int64_t started_at = 0;
  std::mutex mutex;  // guards the fields below
  FlowRunState state = FlowRunState::kRunning;
  std::int64_t finished_at = 0;
  std::optional<WriteResult> result;
  std::optional<Error> error;
};

namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Passes the reader's batches on to the writer, counting them: the run's
// progress is what has gone through.
class CountingReader final : public arrow::RecordBatchReader {
 public:
  CountingReader(std::shared_ptr<arrow::RecordBatchReader> source, std::shared_ptr<FlowRuns::Run> run)
      : source_(std::move(source)), run_(std::move(run)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return source_->schema(); }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    // Checked between batches: the writer fails and keeps nothing.
    if (run_->cancel) return arrow::Status::Cancelled("The run was cancelled.");
    ARROW_RETURN_NOT_OK(source_->ReadNext(batch));
    if (*batch) {
      run_->rows_read += (*batch)->num_rows();
      run_->batches_read += 1;
    }
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> source_;
  std::shared_ptr<FlowRuns::Run> run_;
};

Result<WriteResult> RunFlow(const UserSession& session, const FlowSpec& flow,
                            const std::shared_ptr<FlowRuns::Run>& run) {
  FrameSpec read = flow.read;
  read.steps.clear();  // they run on the rows below
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, session.Frame(read));
  if (std::optional<std::int64_t> total = KnownRowCount(frame)) run->rows_total = *total;
  ArrowArrayStream scanned{};
  FLOWFILE_RETURN_IF_ERROR(frame.ExportStream(&scanned));
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> source = arrow::ImportRecordBatchReader(&scanned);
  if (!source.ok()) return Error(ErrorCode::kInternal, "Could not read the data stream of the reader.");
  auto counting = std::make_shared<CountingReader>(*source, run);
  ArrowArrayStream to_write{};
  if (!arrow::ExportRecordBatchReader(counting, &to_write).ok()) {
    return Error(ErrorCode::kInternal, "Could not hand the data to the writer.");
  }
  // Counted before the steps: progress is rows read, and a cancel lands
  // between batches also while a sort reads every row.
  FLOWFILE_RETURN_IF_ERROR(io::ApplySteps(flow.read.steps, &to_write));
  return session.Write(flow.write_connection, flow.write, &to_write);
}

// Run ids are unguessable, so a run's id alone tells nothing of others'.
std::string NewRunId() {
  std::string raw(12, '\0');
  crypto::FillRandomOrAbort(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return crypto::EncodeBase64Url(raw);
}

}  // namespace

FlowRuns::~FlowRuns() {
  std::vector<std::pair<std::shared_ptr<Run>, std::thread>> threads;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, run] : runs_) run->cancel = true;
    threads.swap(threads_);
  }
  for (auto& [run, thread] : threads) {
    // A run's thread holds a session, so it may be the one that drops the
    // engine last and runs this destructor: it cannot join itself, and it
    // touches nothing of this object after counting itself out.
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();
    } else {
      thread.join();
    }
  }
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return running_ == 0; });
}

void FlowRuns::JoinFinished() {
  for (std::size_t i = 0; i < threads_.size();) {
    if (threads_[i].first->counted_out) {
      threads_[i].second.join();
      threads_.erase(threads_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

void FlowRuns::Forget() {
  // Drops the oldest finished runs beyond kMaxKept; running ones stay.
  for (std::size_t i = 0; order_.size() > kMaxKept && i < order_.size();) {
    auto found = runs_.find(order_[i]);
    bool finished = true;
    if (found != runs_.end()) {
      std::lock_guard run_lock(found->second->mutex);
      finished = found->second->state != FlowRunState::kRunning;
    }
    if (finished) {
      if (found != runs_.end()) runs_.erase(found);
      order_.erase(order_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

Result<std::string> FlowRuns::Start(UserSession session, FlowSpec flow) {
  auto run = std::make_shared<Run>();
  run->user = session.user();
  run->id = NewRunId();
  run->started_at = NowMs();
  std::lock_guard lock(mutex_);
  JoinFinished();
  if (running_ >= kMaxRunning) {
    return Error(ErrorCode::kUnavailable, "Too many flows are running: wait for one to finish.");
  }
  running_ += 1;
  runs_[run->id] = run;
  order_.push_back(run->id);
  Forget();
  std::thread thread([this, run, session = std::move(session), flow = std::move(flow)] {
    Result<WriteResult> written = RunFlow(session, flow, run);
    {
      std::lock_guard run_lock(run->mutex);
      run->finished_at = NowMs();
      if (written.ok()) {
        run->state = FlowRunState::kSucceeded;
        run->result = *written;
      } else if (run->cancel) {
        run->state = FlowRunState::kCancelled;
      } else {
        run->state = FlowRunState::kFailed;
        run->error = service::AtDeclaringNode(flow.read, written.error());
      }
    }
    std::lock_guard done_lock(mutex_);
    run->counted_out = true;
    running_ -= 1;
    finished_.notify_all();
  });
  threads_.emplace_back(run, std::move(thread));
  return run->id;
}

Result<FlowRun> FlowRuns::Get(UserId user, std::string_view id) {
  std::shared_ptr<Run> run;
  {
    std::lock_guard lock(mutex_);
    auto found = runs_.find(id);
    if (found != runs_.end() && found->second->user == user) run = found->second;
  }
  if (!run) return Error(ErrorCode::kNotFound, "Job not found: " + std::string(id) + ".");
  FlowRun view;
  view.id = run->id;
  view.rows_read = run->rows_read;
  view.batches_read = run->batches_read;
  if (run->rows_total >= 0) view.rows_total = run->rows_total.load();
  view.started_at = run->started_at;
  std::lock_guard run_lock(run->mutex);
  view.state = run->state;
  view.finished_at = run->finished_at;
  view.result = run->result;
  view.error = run->error;
  return view;
}

Result<FlowRun> FlowRuns::Cancel(UserId user, std::string_view id) {
  {
    std::lock_guard lock(mutex_);
    auto found = runs_.find(id);
    if (found != runs_.end() && found->second->user == user) found->second->cancel = true;
  }
  return Get(user, id);
}

}  // namespace service
}  // namespace flowfile
