// Stopping a flow run and the total a run's progress counts up to, against
// the S3 emulator.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

class FlowCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = *engine;
    Connection moto = testing_support::MotoConnection("flow-cancel-secret");
    moto.info.id = 0;
    moto.info.connection_name = "lake";
    testing_support::CreateBucket(moto, bucket_);
    ASSERT_TRUE(Alice().CreateConnection(moto).ok());
  }

  UserSession Alice() const { return engine_->ForUser(kLocalUserId); }

  // `rows` rows in row groups of `group` rows.
  void WriteInput(std::int64_t rows, std::int64_t group) {
    ArrowArrayStream input{};
    testing_support::ExportTable(testing_support::SampleTable(rows), &input, group);
    WriteRequest write;
    write.path = In();
    write.row_group_size = group;
    auto written = Alice().Write("lake", write, &input);
    ASSERT_TRUE(written.ok()) << written.error().message();
  }

  FlowSpec Copy() const {
    FlowSpec flow;
    flow.read.connection = "lake";
    flow.read.scan.path = In();
    flow.write_connection = "lake";
    flow.write.path = "s3://" + bucket_ + "/out/copy.parquet";
    return flow;
  }

  // The run once `done` says so or at `deadline`, whichever comes first.
  template <typename Done>
  FlowRun AwaitUntil(const std::string& id, std::chrono::steady_clock::time_point deadline, Done done) const {
    FlowRun run = *Alice().GetFlowRun(id);
    while (!done(run) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      run = *Alice().GetFlowRun(id);
    }
    return run;
  }

  FlowRun Await(const std::string& id) const {
    return AwaitUntil(id, std::chrono::steady_clock::now() + std::chrono::seconds(120),
                      [](const FlowRun& run) { return run.state != FlowRunState::kRunning; });
  }

  std::string In() const { return "s3://" + bucket_ + "/in/data.parquet"; }

  testing_support::TempDirectory dir_;
  std::shared_ptr<Engine> engine_;
  std::string bucket_ = testing_support::UniqueBucket("flow-cancel");
};

TEST_F(FlowCancelTest, ACancelledRunStopsAndWritesNothing) {
  WriteInput(400000, 500);  // 800 batches: far more than a cancel takes to land
  auto started = Alice().StartFlow(Copy());
  ASSERT_TRUE(started.ok()) << started.error().message();
  auto asked = Alice().CancelFlowRun(*started);
  ASSERT_TRUE(asked.ok()) << asked.error().message();
  const FlowRun run = Await(*started);
  ASSERT_EQ(run.state, FlowRunState::kCancelled) << FlowRunStateName(run.state);
  EXPECT_FALSE(run.result.has_value());
  EXPECT_FALSE(run.error.has_value());
  EXPECT_LT(run.rows_read, 400000);
  FileLocation out;
  out.connection_name = "lake";
  out.path = Copy().write.path;
  auto files = Alice().ListFiles(out, false);
  EXPECT_TRUE(!files.ok() || files->empty()) << "a cancelled run left its output behind";
  // Asking again, or after the end, changes nothing.
  EXPECT_EQ(Alice().CancelFlowRun(*started)->state, FlowRunState::kCancelled);
}

// A cancel that lands while the rows stream stops the run within seconds
// and frees its thread: the scan stops where it is (waiting only for its
// reads in flight) instead of reading on to the end of the input, which
// takes ten seconds and more here.
TEST_F(FlowCancelTest, ACancelWhileRowsStreamStopsWithinSeconds) {
  constexpr std::int64_t kRows = 1000000;
  WriteInput(kRows, 100);  // 10,000 row groups: a whole read takes many seconds
  auto started = Alice().StartFlow(Copy());
  ASSERT_TRUE(started.ok()) << started.error().message();
  const FlowRun streaming =
      AwaitUntil(*started, std::chrono::steady_clock::now() + std::chrono::seconds(60),
                 [](const FlowRun& run) { return run.rows_read > 0 || run.state != FlowRunState::kRunning; });
  ASSERT_EQ(streaming.state, FlowRunState::kRunning) << "the run ended before it could be cancelled";
  const auto asked_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(Alice().CancelFlowRun(*started).ok());
  const FlowRun run = AwaitUntil(*started, asked_at + std::chrono::seconds(5),
                                 [](const FlowRun& r) { return r.state != FlowRunState::kRunning; });
  ASSERT_EQ(run.state, FlowRunState::kCancelled)
      << "still " << FlowRunStateName(run.state) << " 5 s after the cancel, " << run.rows_read << " rows read";
  EXPECT_LT(run.rows_read, kRows);
  // The slot and the thread are free again: as many runs as allowed start.
  FlowSpec small = Copy();
  small.read.limit = 1;
  std::vector<std::string> next;
  for (int i = 0; i < service::FlowRuns::kMaxRunning; ++i) {
    small.write.path = "s3://" + bucket_ + "/out/next-" + std::to_string(i) + ".parquet";
    auto again = Alice().StartFlow(small);
    ASSERT_TRUE(again.ok()) << again.error().message();
    next.push_back(*again);
  }
  for (const std::string& id : next) EXPECT_EQ(Await(id).state, FlowRunState::kSucceeded);
}

TEST_F(FlowCancelTest, AnotherUsersRunCannotBeCancelled) {
  WriteInput(1000, 500);
  auto started = Alice().StartFlow(Copy());
  ASSERT_TRUE(started.ok());
  auto bob = service::EmbeddedEngine::Of(*engine_).store().CreateUser("bob");
  ASSERT_TRUE(bob.ok());
  auto refused = engine_->ForUser(*bob).CancelFlowRun(*started);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Await(*started).state, FlowRunState::kSucceeded);
}

TEST_F(FlowCancelTest, TheTotalIsKnownForParquetWithoutFilters) {
  WriteInput(1000, 300);
  FlowRun plain = Await(*Alice().StartFlow(Copy()));
  ASSERT_EQ(plain.state, FlowRunState::kSucceeded);
  EXPECT_EQ(plain.rows_total, 1000);
  FlowSpec limited = Copy();
  limited.read.limit = 10;
  EXPECT_EQ(Await(*Alice().StartFlow(limited)).rows_total, 10);
  FlowSpec filtered = Copy();
  filtered.read.filters.push_back({"flag", ColumnFilter::Op::kEq, true});
  FlowRun run = Await(*Alice().StartFlow(filtered));
  ASSERT_EQ(run.state, FlowRunState::kSucceeded);
  EXPECT_FALSE(run.rows_total.has_value()) << "a filtered read's count is not known before reading";
}

}  // namespace
}  // namespace flowfile
