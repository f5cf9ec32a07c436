#include "src/io/plan_reader.h"

namespace flowfile::io {
namespace {

class PlanReader : public arrow::RecordBatchReader {
 public:
  PlanReader(std::shared_ptr<arrow::Schema> schema, PartOpener open_next, std::optional<std::int64_t> limit,
             cloud::CloudStorage storage, std::string uri)
      : schema_(std::move(schema)),
        open_next_(std::move(open_next)),
        remaining_(limit),
        storage_(std::move(storage)),
        uri_(std::move(uri)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    *batch = nullptr;
    while (!done_) {
      if (remaining_ && *remaining_ <= 0) return Finish();
      if (current_ == nullptr) {
        if (auto status = OpenInto(current_); !status.ok()) return Mapped(status);
        if (current_ == nullptr) return Finish();
      }
      std::shared_ptr<arrow::RecordBatch> read;
      if (auto status = current_->ReadNext(&read); !status.ok()) return Mapped(status);
      if (read == nullptr) {
        current_.reset();
        continue;
      }
      if (remaining_) {
        if (read->num_rows() > *remaining_) read = read->Slice(0, *remaining_);
        *remaining_ -= read->num_rows();
      }
      *batch = std::move(read);
      return arrow::Status::OK();
    }
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return Finish(); }

  ~PlanReader() override { (void)Finish(); }

 private:
  arrow::Status OpenInto(std::shared_ptr<arrow::RecordBatchReader>& slot) {
    ARROW_ASSIGN_OR_RAISE(slot, open_next_());
    return arrow::Status::OK();
  }

  // The C stream carries only a message; make it the mapped, masked one.
  arrow::Status Mapped(const arrow::Status& status) {
    (void)Finish();
    const Error error = storage_.MapError(status, uri_);
    return arrow::Status::IOError(std::string(ErrorCodeName(error.code())), ": ", error.message());
  }

  // Stops the open part: its reader (OpenStoppableScan) stops its plan and
  // waits only for the reads in flight, so a cancelled or limited read ends
  // promptly and nothing it started outlives it.
  arrow::Status Finish() {
    done_ = true;
    if (current_ != nullptr) {
      (void)current_->Close();
      current_.reset();
    }
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::Schema> schema_;
  PartOpener open_next_;
  std::optional<std::int64_t> remaining_;
  cloud::CloudStorage storage_;
  std::string uri_;
  std::shared_ptr<arrow::RecordBatchReader> current_;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<arrow::RecordBatchReader> MakePlanReader(std::shared_ptr<arrow::Schema> schema,
                                                         PartOpener open_next, std::optional<std::int64_t> limit,
                                                         cloud::CloudStorage storage, std::string uri) {
  return std::make_shared<PlanReader>(std::move(schema), std::move(open_next), limit, std::move(storage),
                                      std::move(uri));
}

}  // namespace flowfile::io
