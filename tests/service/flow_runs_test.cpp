// Frames, previews and flow runs as the service offers them to every front
// end, against the S3 emulator.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "flowfile/engine.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

using testing_support::ExportTable;
using testing_support::SampleTable;

class FlowRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = *engine;
    Connection moto = testing_support::MotoConnection("flow-runs-secret");
    moto.info.id = 0;
    moto.info.connection_name = "lake";
    testing_support::CreateBucket(moto, bucket_);
    ASSERT_TRUE(Alice().CreateConnection(moto).ok());
    ArrowArrayStream input{};
    ExportTable(SampleTable(500), &input, 64);
    WriteRequest write;
    write.path = "s3://" + bucket_ + "/in/data.parquet";
    auto written = Alice().Write("lake", write, &input);
    ASSERT_TRUE(written.ok()) << written.error().message();
  }

  UserSession Alice() { return engine_->ForUser(kLocalUserId); }

  FrameSpec Input() const {
    FrameSpec spec;
    spec.connection = "lake";
    spec.scan.path = "s3://" + bucket_ + "/in/data.parquet";
    return spec;
  }

  // The number of rows `frame` yields.
  static std::int64_t RowsOf(const LazyFrame& frame) {
    ArrowArrayStream stream{};
    EXPECT_TRUE(frame.ExportStream(&stream).ok());
    auto reader = arrow::ImportRecordBatchReader(&stream);
    EXPECT_TRUE(reader.ok());
    auto table = (*reader)->ToTable();
    EXPECT_TRUE(table.ok());
    return (*table)->num_rows();
  }

  // Polls the run until it finishes, for at most 60 s.
  FlowRun AwaitFinished(const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
      auto run = Alice().GetFlowRun(id);
      EXPECT_TRUE(run.ok());
      if (!run.ok() || run->state != FlowRunState::kRunning) return run.ok() ? *run : FlowRun{};
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "flow run " << id << " did not finish in 60 s";
        return *run;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  testing_support::TempDirectory dir_;
  std::shared_ptr<Engine> engine_;
  std::string bucket_ = testing_support::UniqueBucket("flow-runs");
};

TEST_F(FlowRunsTest, FrameAppliesProjectionFiltersAndLimit) {
  FrameSpec spec = Input();
  spec.columns = std::vector<std::string>{"id"};
  spec.filters.push_back({"id", ColumnFilter::Op::kGe, std::int64_t{400}});
  auto frame = Alice().Frame(spec);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  EXPECT_EQ(*frame->ColumnNames(), std::vector<std::string>{"id"});
  EXPECT_EQ(RowsOf(*frame), 100);
  spec.limit = 7;
  EXPECT_EQ(RowsOf(*Alice().Frame(spec)), 7);
}

TEST_F(FlowRunsTest, PreviewDefaultsToItsRowCountAndRefusesOthersByField) {
  auto preview = Alice().Preview(Input());
  ASSERT_TRUE(preview.ok()) << preview.error().message();
  EXPECT_EQ(RowsOf(*preview), kDefaultPreviewRows);
  for (std::int64_t rows : {std::int64_t{0}, kMaxPreviewRows + 1}) {
    FrameSpec spec = Input();
    spec.limit = rows;
    auto refused = Alice().Preview(spec);
    ASSERT_FALSE(refused.ok()) << rows;
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field(), "limit");
  }
}

TEST_F(FlowRunsTest, RunsAFlowToTheEndAndKeepsItFromOtherUsers) {
  FlowSpec flow;
  flow.read = Input();
  flow.read.filters.push_back({"flag", ColumnFilter::Op::kEq, true});
  flow.write_connection = "lake";
  flow.write.path = "s3://" + bucket_ + "/out/flagged.parquet";
  auto started = Alice().StartFlow(flow);
  ASSERT_TRUE(started.ok()) << started.error().message();
  FlowRun run = AwaitFinished(*started);
  ASSERT_EQ(run.state, FlowRunState::kSucceeded) << (run.error ? run.error->message() : "");
  ASSERT_TRUE(run.result.has_value());
  EXPECT_EQ(run.result->rows, 167);  // ids 0, 3, 6, ... below 500
  EXPECT_EQ(run.rows_read, 167);
  EXPECT_GT(run.finished_at, 0);

  FrameSpec written;
  written.connection = "lake";
  written.scan.path = flow.write.path;
  EXPECT_EQ(RowsOf(*Alice().Frame(written)), 167);

  auto bob = engine_->ForUser(kLocalUserId + 1).GetFlowRun(*started);
  ASSERT_FALSE(bob.ok());
  EXPECT_EQ(bob.error().code(), ErrorCode::kNotFound);
}

TEST_F(FlowRunsTest, AFailingFlowKeepsItsError) {
  FlowSpec flow;
  flow.read = Input();
  flow.read.scan.path = "s3://" + bucket_ + "/in/missing.parquet";
  flow.write_connection = "lake";
  flow.write.path = "s3://" + bucket_ + "/out/never.parquet";
  auto started = Alice().StartFlow(flow);
  ASSERT_TRUE(started.ok()) << started.error().message();
  FlowRun run = AwaitFinished(*started);
  EXPECT_EQ(run.state, FlowRunState::kFailed);
  ASSERT_TRUE(run.error.has_value());
  EXPECT_EQ(run.error->code(), ErrorCode::kPathNotFound) << run.error->message();
}

}  // namespace
}  // namespace flowfile
