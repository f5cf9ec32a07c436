// Reading a Parquet object far larger than a batch keeps memory bounded.
#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "src/io/scan.h"
#include "src/io/write.h"
#include "tests/cloud/s3_test_env.h"

namespace flowfile::io {
namespace {

constexpr std::int64_t kRows = 6'500'000;  // 4 random 8-byte columns: ~210 MB uncompressed
constexpr std::int64_t kBatchRows = 64 * 1024;

// Generates random batches on demand, so the writer side holds one at a time.
class RandomBatches : public arrow::RecordBatchReader {
 public:
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    if (produced_ >= kRows) {
      *batch = nullptr;
      return arrow::Status::OK();
    }
    const std::int64_t rows = std::min(kBatchRows, kRows - produced_);
    arrow::Int64Builder ids, randoms;
    arrow::DoubleBuilder xs, ys;
    ARROW_RETURN_NOT_OK(ids.Reserve(rows));
    ARROW_RETURN_NOT_OK(randoms.Reserve(rows));
    ARROW_RETURN_NOT_OK(xs.Reserve(rows));
    ARROW_RETURN_NOT_OK(ys.Reserve(rows));
    for (std::int64_t i = 0; i < rows; ++i) {
      ids.UnsafeAppend(produced_ + i);
      randoms.UnsafeAppend(static_cast<std::int64_t>(generator_()));
      xs.UnsafeAppend(uniform_(generator_));
      ys.UnsafeAppend(uniform_(generator_));
    }
    produced_ += rows;
    *batch =
        arrow::RecordBatch::Make(schema_, rows, {*ids.Finish(), *randoms.Finish(), *xs.Finish(), *ys.Finish()});
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<arrow::Schema> schema_ =
      arrow::schema({arrow::field("id", arrow::int64()), arrow::field("random", arrow::int64()),
                     arrow::field("x", arrow::float64()), arrow::field("y", arrow::float64())});
  std::int64_t produced_ = 0;
  std::mt19937_64 generator_{42};
  std::uniform_real_distribution<double> uniform_{0, 1};
};

TEST(S3Memory, ReadingAFileFarLargerThanABatchKeepsArrowMemoryBounded) {
  const Connection connection = testing_support::MotoConnection();
  const std::string bucket = testing_support::UniqueBucket("memory");
  testing_support::CreateBucket(connection, bucket);
  const cloud::CloudStorage storage = testing_support::OpenOrFail(connection);

  ArrowArrayStream input;
  ASSERT_TRUE(arrow::ExportRecordBatchReader(std::make_shared<RandomBatches>(), &input).ok());
  WriteRequest request;
  request.path = "s3://" + bucket + "/big.parquet";
  request.compression = Compression::kNone;
  request.row_group_size = 256 * 1024;
  auto written = Write(storage, request, &input);
  ASSERT_TRUE(written.ok()) << written.error().message();
  ASSERT_GT(written->bytes, 200'000'000);

  ScanRequest scan;
  scan.path = request.path;
  auto frame = Scan(storage, scan);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  ArrowArrayStream stream;
  ASSERT_TRUE(frame->ExportStream(&stream).ok());
  auto reader = *arrow::ImportRecordBatchReader(&stream);

  arrow::MemoryPool* pool = arrow::default_memory_pool();
  const std::int64_t baseline = pool->bytes_allocated();
  std::atomic<std::int64_t> peak = baseline;
  std::atomic<bool> reading = true;
  std::thread sampler([&] {
    while (reading) {
      peak = std::max(peak.load(), pool->bytes_allocated());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::int64_t rows = 0;
  std::shared_ptr<arrow::RecordBatch> batch;
  while (true) {
    ASSERT_TRUE(reader->ReadNext(&batch).ok());
    if (batch == nullptr) break;
    rows += batch->num_rows();
    peak = std::max(peak.load(), pool->bytes_allocated());
  }
  reading = false;
  sampler.join();
  EXPECT_EQ(rows, kRows);
  const std::int64_t growth = peak - baseline;
  RecordProperty("file_bytes", std::to_string(written->bytes));
  RecordProperty("peak_arrow_bytes_during_read", std::to_string(growth));
  std::cout << "file " << written->bytes / 1'000'000 << " MB, peak Arrow memory while reading "
            << growth / 1'000'000 << " MB\n";
  // In flight are up to three row groups read ahead plus the one being
  // decoded, each held raw and decoded (about 16 MB each here): some 60-90 MB
  // whatever the file's size, depending on how fast the server answers. A
  // reader that kept the file would hold its 210 MB of decoded values.
  EXPECT_LT(growth, written->bytes / 2) << "peak " << growth << " bytes while reading " << written->bytes;
}

}  // namespace
}  // namespace flowfile::io
