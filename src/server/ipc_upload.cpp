#include "src/server/ipc_upload.h"

#include <arrow/buffer.h>
#include <arrow/c/bridge.h>
#include <arrow/ipc/reader.h>
#include <arrow/record_batch.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace flowfile::server {
namespace {

// Decoded batches waiting for the writer: the memory bound of an upload,
// beside the one batch the decoder is assembling.
constexpr std::size_t kQueuedBatches = 4;

// Hands decoded batches from the request thread to the writer thread.
class BatchQueue {
 public:
  // Waits while the queue is full; drops the batch once the writer is gone.
  void Push(std::shared_ptr<arrow::RecordBatch> batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return writer_gone_ || batches_.size() < kQueuedBatches; });
    if (writer_gone_) return;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
  }

  // No more batches: `status` says whether the upload was complete.
  void Finish(arrow::Status status) {
    std::lock_guard lock(mutex_);
    finished_ = true;
    end_ = std::move(status);
    changed_.notify_all();
  }

  // The next batch; nullptr after the last of a complete upload.
  arrow::Status Pop(std::shared_ptr<arrow::RecordBatch>* out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return finished_ || !batches_.empty(); });
    if (!batches_.empty()) {
      *out = std::move(batches_.front());
      batches_.pop_front();
      changed_.notify_all();
      return arrow::Status::OK();
    }
    out->reset();
    return end_;
  }

  void WriterGone() {
    std::lock_guard lock(mutex_);
    writer_gone_ = true;
    batches_.clear();
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<arrow::RecordBatch>> batches_;
  bool finished_ = false;
  bool writer_gone_ = false;
  arrow::Status end_;
};

// The writer's view of the queue; released when the writer is done with it.
class QueueReader final : public arrow::RecordBatchReader {
 public:
  QueueReader(std::shared_ptr<arrow::Schema> schema, std::shared_ptr<BatchQueue> queue)
      : schema_(std::move(schema)), queue_(std::move(queue)) {}
  ~QueueReader() override { queue_->WriterGone(); }

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override { return queue_->Pop(batch); }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<BatchQueue> queue_;
};

// Starts the writer when the schema arrives (batches can follow in the same
// piece of body, and the queue needs its consumer by then) and queues batches.
class UploadListener final : public arrow::ipc::Listener {
 public:
  UploadListener(std::shared_ptr<BatchQueue> queue, std::function<void(std::shared_ptr<arrow::Schema>)> on_schema)
      : queue_(std::move(queue)), on_schema_(std::move(on_schema)) {}

  arrow::Status OnSchemaDecoded(std::shared_ptr<arrow::Schema> schema) override {
    on_schema_(std::move(schema));
    return arrow::Status::OK();
  }
  arrow::Status OnRecordBatchDecoded(std::shared_ptr<arrow::RecordBatch> batch) override {
    // The bytes come from a client: offsets and lengths are checked before
    // anything reads the batch (the decoder checks only the framing).
    ARROW_RETURN_NOT_OK(batch->ValidateFull());
    queue_->Push(std::move(batch));
    return arrow::Status::OK();
  }
  arrow::Status OnEOS() override {
    ended_ = true;
    return arrow::Status::OK();
  }

  bool ended() const { return ended_; }

 private:
  std::shared_ptr<BatchQueue> queue_;
  std::function<void(std::shared_ptr<arrow::Schema>)> on_schema_;
  bool ended_ = false;
};

// The writer's thread; if the upload is left by an exception, the writer is
// told the input failed and joined, never left running (or terminating).
class WriterThread {
 public:
  explicit WriterThread(std::shared_ptr<BatchQueue> queue) : queue_(std::move(queue)) {}
  ~WriterThread() {
    if (thread_.joinable()) Finish(arrow::Status::IOError("the upload failed"));
  }

  bool started() const { return started_; }
  void Start(std::function<void()> run) {
    started_ = true;
    thread_ = std::thread(std::move(run));
  }
  // Ends the writer's input with `status` and waits for the writer.
  void Finish(arrow::Status status) {
    queue_->Finish(std::move(status));
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::shared_ptr<BatchQueue> queue_;
  std::thread thread_;
  bool started_ = false;
};

// The decoder keeps references to what it is given, and httplib reuses its
// read buffer: each piece is copied into a buffer of its own.
arrow::Status Feed(arrow::ipc::StreamDecoder& decoder, const char* data, std::size_t size) {
  ARROW_ASSIGN_OR_RAISE(std::unique_ptr<arrow::Buffer> buffer,
                        arrow::AllocateBuffer(static_cast<std::int64_t>(size)));
  std::memcpy(buffer->mutable_data(), data, size);
  return decoder.Consume(std::shared_ptr<arrow::Buffer>(std::move(buffer)));
}

}  // namespace

Result<WriteResult> WriteArrowUpload(const httplib::ContentReader& body, const StreamWriter& write) {
  auto queue = std::make_shared<BatchQueue>();
  Result<WriteResult> written = Error(ErrorCode::kInternal, "The write did not run.");
  WriterThread writer(queue);
  auto listener = std::make_shared<UploadListener>(queue, [&](std::shared_ptr<arrow::Schema> schema) {
    writer.Start([&written, &write, reader = std::make_shared<QueueReader>(std::move(schema), queue)]() mutable {
      ArrowArrayStream input{};
      if (!arrow::ExportRecordBatchReader(std::move(reader), &input).ok()) {
        written = Error(ErrorCode::kInternal, "Could not start the write.");
        return;
      }
      written = write(&input);
    });
  });
  arrow::ipc::StreamDecoder decoder(listener);
  arrow::Status decoded;
  const bool received = body([&](const char* data, std::size_t size) {
    // After a failure or the end marker the rest is read and dropped.
    if (decoded.ok() && !listener->ended()) decoded = Feed(decoder, data, size);
    return true;
  });

  // The writer (started by the schema) is told whether the upload was
  // complete; an incomplete one makes it abort, so nothing is written.
  std::optional<Error> upload_error;
  constexpr const char* kSendArrow =
      ": send the rows as application/vnd.apache.arrow.stream. Nothing was written.";
  if (!received) {
    upload_error =
        Error(ErrorCode::kInvalidArgument,
              "The upload was cut off (connection closed or malformed chunked body): nothing was written.");
  } else if (!decoded.ok()) {
    upload_error = Error(ErrorCode::kInvalidArgument,
                         std::string("The request body is not a valid Arrow IPC stream") + kSendArrow);
  } else if (!writer.started()) {
    upload_error =
        Error(ErrorCode::kInvalidArgument,
              std::string("The request body is not a valid Arrow IPC stream (it has no schema)") + kSendArrow);
  } else if (!listener->ended()) {
    upload_error = Error(ErrorCode::kInvalidArgument,
                         "The Arrow IPC stream in the request body ended without its end-of-stream marker: "
                         "nothing was written.");
  }
  writer.Finish(upload_error ? arrow::Status::IOError("the upload was incomplete") : arrow::Status::OK());
  if (upload_error) return *upload_error;
  return written;
}

void DiscardBody(const httplib::ContentReader& body) {
  body([](const char*, std::size_t) { return true; });
}

}  // namespace flowfile::server
