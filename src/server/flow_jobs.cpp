#include "src/server/flow_jobs.h"

#include <arrow/api.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "src/crypto/base64.h"
#include "src/crypto/random.h"

namespace flowfile::server {

struct FlowJobs::Job {
  UserId user = 0;
  std::string id;
  std::atomic<std::int64_t> rows_read{0};
  std::atomic<std::int64_t> batches_read{0};
  std::int64_t started_at = 0;
  std::mutex mutex;  // guards the fields below
  JobState state = JobState::kRunning;
  std::int64_t finished_at = 0;
  std::optional<WriteResult> result;
  std::optional<Error> error;
};

namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Passes the reader's batches on to the writer, counting them: the job's
// progress is what has gone through.
class CountingReader final : public arrow::RecordBatchReader {
 public:
  CountingReader(std::shared_ptr<arrow::RecordBatchReader> source, std::shared_ptr<FlowJobs::Job> job)
      : source_(std::move(source)), job_(std::move(job)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return source_->schema(); }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    ARROW_RETURN_NOT_OK(source_->ReadNext(batch));
    if (*batch) {
      job_->rows_read += (*batch)->num_rows();
      job_->batches_read += 1;
    }
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> source_;
  std::shared_ptr<FlowJobs::Job> job_;
};

Result<WriteResult> RunFlow(const UserSession& session, const ReadSettings& read, const WriteSettings& write,
                            const std::shared_ptr<FlowJobs::Job>& job) {
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, session.Scan(read.connection, read.scan));
  ArrowArrayStream scanned{};
  FLOWFILE_RETURN_IF_ERROR(frame.ExportStream(&scanned));
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> source = arrow::ImportRecordBatchReader(&scanned);
  if (!source.ok()) return Error(ErrorCode::kInternal, "Could not read the data stream of the reader.");
  auto counting = std::make_shared<CountingReader>(*source, job);
  ArrowArrayStream to_write{};
  if (!arrow::ExportRecordBatchReader(counting, &to_write).ok()) {
    return Error(ErrorCode::kInternal, "Could not hand the data to the writer.");
  }
  return session.Write(write.connection, write.write, &to_write);
}

std::string NewJobId() {
  std::string raw(12, '\0');
  crypto::FillRandomOrAbort(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return crypto::EncodeBase64Url(raw);
}

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

FlowJobs::~FlowJobs() {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return running_ == 0; });
}

void FlowJobs::Forget() {
  // Drops the oldest finished jobs beyond kMaxKept; running ones stay.
  for (std::size_t i = 0; order_.size() > kMaxKept && i < order_.size();) {
    auto found = jobs_.find(order_[i]);
    bool finished = true;
    if (found != jobs_.end()) {
      std::lock_guard job_lock(found->second->mutex);
      finished = found->second->state != JobState::kRunning;
    }
    if (finished) {
      if (found != jobs_.end()) jobs_.erase(found);
      order_.erase(order_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

Result<std::string> FlowJobs::Start(UserSession session, ReadSettings read, WriteSettings write) {
  auto job = std::make_shared<Job>();
  job->user = session.user();
  job->id = NewJobId();
  job->started_at = NowMs();
  std::lock_guard lock(mutex_);
  if (running_ >= kMaxRunning) {
    return Error(ErrorCode::kUnavailable, "Too many flows are running: wait for one to finish.");
  }
  running_ += 1;
  jobs_[job->id] = job;
  order_.push_back(job->id);
  Forget();
  // Detached: the destructor waits for running_ to reach 0 instead, and the
  // thread touches nothing of this object after counting itself out.
  std::thread([this, job, session = std::move(session), read = std::move(read), write = std::move(write)] {
    Result<WriteResult> written = RunFlow(session, read, write, job);
    {
      std::lock_guard job_lock(job->mutex);
      job->finished_at = NowMs();
      if (written.ok()) {
        job->state = JobState::kSucceeded;
        job->result = *written;
      } else {
        job->state = JobState::kFailed;
        job->error = written.error();
      }
    }
    std::lock_guard done_lock(mutex_);
    running_ -= 1;
    finished_.notify_all();
  }).detach();
  return job->id;
}

Result<JobView> FlowJobs::Get(UserId user, std::string_view id) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(mutex_);
    auto found = jobs_.find(id);
    if (found != jobs_.end() && found->second->user == user) job = found->second;
  }
  if (!job) return Error(ErrorCode::kNotFound, "Job not found: " + std::string(id) + ".");
  JobView view;
  view.id = job->id;
  view.rows_read = job->rows_read;
  view.batches_read = job->batches_read;
  view.started_at = job->started_at;
  std::lock_guard job_lock(job->mutex);
  view.state = job->state;
  view.finished_at = job->finished_at;
  view.result = job->result;
  view.error = job->error;
  return view;
}

}  // namespace flowfile::server
