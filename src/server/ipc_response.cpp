#include "src/server/ipc_response.h"

#include <arrow/c/bridge.h>
#include <arrow/io/buffered.h>
#include <arrow/ipc/writer.h>
#include <arrow/record_batch.h>

#include <memory>

#include "src/server/server_log.h"
#include "src/service/frame_output.h"

namespace flowfile::server {
namespace {

// Batches are written in many small pieces; this buffer turns them into
// chunks of a useful size (flushed after every batch).
constexpr std::int64_t kChunkBytes = 1 << 20;

// An Arrow output stream over the DataSink of httplib's chunk provider.
class SinkOutputStream final : public arrow::io::OutputStream {
 public:
  void Attach(httplib::DataSink* sink) { sink_ = sink; }

  arrow::Status Write(const void* data, std::int64_t size) override {
    if (sink_ == nullptr || !sink_->write(static_cast<const char*>(data), static_cast<std::size_t>(size))) {
      return arrow::Status::IOError("the client stopped reading");
    }
    position_ += size;
    return arrow::Status::OK();
  }
  arrow::Status Close() override {
    closed_ = true;
    return arrow::Status::OK();
  }
  bool closed() const override { return closed_; }
  arrow::Result<std::int64_t> Tell() const override { return position_; }

 private:
  httplib::DataSink* sink_ = nullptr;
  std::int64_t position_ = 0;
  bool closed_ = false;
};

// The state of one response across httplib's calls of its chunk provider.
class ArrowStreamBody {
 public:
  ArrowStreamBody(std::shared_ptr<arrow::RecordBatchReader> reader,
                  std::shared_ptr<arrow::RecordBatch> first_batch)
      : reader_(std::move(reader)), pending_(std::move(first_batch)) {}

  // Sends one batch, or the end of the stream; false aborts the response.
  bool SendNext(httplib::DataSink& sink) {
    // The sink is valid only during this call: nothing may write to it later
    // (a flush from a destructor after the client went away).
    sink_stream_->Attach(&sink);
    const bool sent = SendNextTo(sink);
    sink_stream_->Attach(nullptr);
    return sent;
  }

  // Called when the response ends, sent whole or not. An unfinished stream
  // is dropped without flushing: the client is gone or the read failed.
  void Release() {
    if (buffered_ && !buffered_->closed()) (void)buffered_->Abort();
    (void)reader_->Close();
  }

 private:
  bool SendNextTo(httplib::DataSink& sink) {
    if (!writer_ && !StartWriter()) return false;
    std::shared_ptr<arrow::RecordBatch> batch;
    if (first_) {
      first_ = false;
      batch = std::move(pending_);
    } else if (arrow::Status read = reader_->ReadNext(&batch); !read.ok()) {
      // The client only sees the body cut short: the cause goes to the log.
      LogFailure("a data stream was cut off", service::StreamFailure(read));
      return false;
    }
    if (!batch) {
      if (!writer_->Close().ok() || !buffered_->Close().ok()) return false;
      sink.done();
      return true;
    }
    return writer_->WriteRecordBatch(*batch).ok() && buffered_->Flush().ok();
  }

  bool StartWriter() {
    auto buffered =
        arrow::io::BufferedOutputStream::Create(kChunkBytes, arrow::default_memory_pool(), sink_stream_);
    if (!buffered.ok()) return false;
    buffered_ = *std::move(buffered);
    auto writer = arrow::ipc::MakeStreamWriter(buffered_, reader_->schema());
    if (!writer.ok()) return false;
    writer_ = *std::move(writer);
    return true;
  }

  std::shared_ptr<arrow::RecordBatchReader> reader_;
  std::shared_ptr<arrow::RecordBatch> pending_;
  bool first_ = true;
  std::shared_ptr<SinkOutputStream> sink_stream_ = std::make_shared<SinkOutputStream>();
  std::shared_ptr<arrow::io::BufferedOutputStream> buffered_;
  std::shared_ptr<arrow::ipc::RecordBatchWriter> writer_;
};

}  // namespace

Status SendArrowStream(ArrowArrayStream* stream, httplib::Response& response) {
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> imported = arrow::ImportRecordBatchReader(stream);
  if (!imported.ok()) return Error(ErrorCode::kInternal, "Could not read the data stream.");
  std::shared_ptr<arrow::RecordBatchReader> reader = *std::move(imported);
  std::shared_ptr<arrow::RecordBatch> first_batch;
  if (arrow::Status status = reader->ReadNext(&first_batch); !status.ok()) {
    (void)reader->Close();
    return service::StreamFailure(status);
  }
  auto body = std::make_shared<ArrowStreamBody>(std::move(reader), std::move(first_batch));
  response.status = 200;
  response.set_chunked_content_provider(
      kArrowStreamMediaType, [body](std::size_t, httplib::DataSink& sink) { return body->SendNext(sink); },
      [body](bool) { body->Release(); });
  return Status::Ok();
}

}  // namespace flowfile::server
