// Saved flows as the service offers them to every front end: the use cases
// (create, list, open, save, rename, delete, run), the access rules of
// connections (another user's flow is "not found"), the checks of the
// document, and a frame saved as a flow and opened again. Runs against the
// S3 emulator.
#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

using nlohmann::json;

class SavedFlowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    engine_ = *engine;
    auto bob = service::EmbeddedEngine::Of(*engine_).store().CreateUser("bob");
    ASSERT_TRUE(bob.ok());
    bob_ = *bob;
    Connection moto = testing_support::MotoConnection("saved-flows-secret");
    moto.info.id = 0;
    moto.info.connection_name = "lake";
    ASSERT_TRUE(Alice().CreateConnection(moto).ok());
  }

  UserSession Alice() const { return engine_->ForUser(kLocalUserId); }
  UserSession Bob() const { return engine_->ForUser(bob_); }

  static json Node(const std::string& id, const std::string& kind, json settings) {
    return {{"id", id}, {"kind", kind}, {"position", {{"x", 0}, {"y", 0}}}, {"settings", std::move(settings)}};
  }

  // Reader -> Filter (flag equals "true", as the canvas types it) -> Limit -> Writer.
  std::string CopyFlow(const std::string& connection = "lake") const {
    json nodes =
        json::array({Node("r", "reader", {{"connection", connection}, {"path", In()}, {"format", "parquet"}}),
                     Node("f", "filter", {{"column", "flag"}, {"op", "eq"}, {"value", "true"}}),
                     Node("l", "limit", {{"rows", 50}}),
                     Node("w", "writer", {{"connection", connection}, {"path", Out()}, {"format", "csv"}})});
    json edges = json::array({{{"id", "1"}, {"source", "r"}, {"target", "f"}},
                              {{"id", "2"}, {"source", "f"}, {"target", "l"}},
                              {{"id", "3"}, {"source", "l"}, {"target", "w"}}});
    return json{{"nodes", nodes}, {"edges", edges}}.dump();
  }

  std::string In() const { return "s3://" + bucket_ + "/in/data.parquet"; }
  std::string Out() const { return "s3://" + bucket_ + "/out/copy.csv"; }

  testing_support::TempDirectory dir_;
  std::shared_ptr<Engine> engine_;
  UserId bob_ = 0;
  std::string bucket_ = testing_support::UniqueBucket("saved-flows");
};

TEST_F(SavedFlowsTest, CreatesListsOpensRenamesAndDeletes) {
  auto created = Alice().CreateFlow("nightly copy", CopyFlow());
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->name, "nightly copy");
  EXPECT_GT(created->created_at, 0);
  auto list = Alice().ListFlows();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "nightly copy");
  EXPECT_TRUE((*list)[0].document.empty());
  EXPECT_EQ(json::parse(Alice().OpenFlow("nightly copy")->document), json::parse(CopyFlow()));

  auto renamed = Alice().RenameFlow("nightly copy", "daily copy");
  ASSERT_TRUE(renamed.ok()) << renamed.error().message();
  EXPECT_EQ(renamed->name, "daily copy");
  EXPECT_EQ(Alice().OpenFlow("nightly copy").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Alice().DeleteFlow("daily copy").ok());
  EXPECT_TRUE(Alice().ListFlows()->empty());
  EXPECT_EQ(Alice().DeleteFlow("daily copy").error().code(), ErrorCode::kNotFound);
}

TEST_F(SavedFlowsTest, NamesAreUniquePerUserAndChecked) {
  ASSERT_TRUE(Alice().CreateFlow("a", CopyFlow()).ok());
  auto again = Alice().CreateFlow("a", R"({"nodes": []})");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(json::parse(Alice().OpenFlow("a")->document), json::parse(CopyFlow())) << "kept as it was";
  ASSERT_TRUE(Alice().CreateFlow("b", R"({"nodes": []})").ok());
  EXPECT_EQ(Alice().RenameFlow("b", "a").error().code(), ErrorCode::kAlreadyExists);
  for (const std::string& bad : std::vector<std::string>{"", "   ", "tab\there", std::string(129, 'x')}) {
    auto refused = Alice().CreateFlow(bad, R"({"nodes": []})");
    ASSERT_FALSE(refused.ok()) << "'" << bad << "'";
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field(), "name");
  }
  EXPECT_EQ(Alice().RenameFlow("a", "").error().field(), "new_name");
}

TEST_F(SavedFlowsTest, AnotherUsersFlowIsNotFoundForEveryUseCase) {
  ASSERT_TRUE(Alice().CreateFlow("mine", CopyFlow()).ok());
  EXPECT_TRUE(Bob().ListFlows()->empty());
  auto opened = Bob().OpenFlow("mine");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kNotFound);
  // The same words as for a flow nobody has.
  EXPECT_EQ(opened.error().message(), Bob().OpenFlow("mine").error().message());
  EXPECT_EQ(Bob().SaveFlow("mine", R"({"nodes": []})").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Bob().RenameFlow("mine", "theirs").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Bob().DeleteFlow("mine").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Bob().RunFlow("mine").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Bob().FlowFrame("mine").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(json::parse(Alice().OpenFlow("mine")->document), json::parse(CopyFlow()));
  // Bob cannot save a flow that uses Alice's connection either.
  auto borrowed = Bob().CreateFlow("borrowed", CopyFlow());
  ASSERT_FALSE(borrowed.ok());
  EXPECT_EQ(borrowed.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(borrowed.error().field(), "nodes[0].settings.connection");
}

struct BadDocument {
  std::string text;
  std::string field;
  std::string words;  // a part of the message
};

TEST_F(SavedFlowsTest, ABadDocumentIsRefusedByFieldAndTheStoredFlowKept) {
  ASSERT_TRUE(Alice().CreateFlow("kept", CopyFlow()).ok());
  const BadDocument cases[] = {
      {"not json", "document", "not a flow"},
      {"[1, 2]", "document", "not a flow"},
      {R"({"edges": []})", "nodes", "required"},
      {R"({"nodes": [{"id": "a", "kind": "pivot", "settings": {}}]})", "nodes[0].kind", "use one of reader"},
      {R"({"nodes": [{"kind": "reader"}]})", "nodes[0].id", "printable"},
      {R"({"nodes": [{"id": "a", "kind": "limit"}, {"id": "a", "kind": "limit"}]})", "nodes[1].id", "used twice"},
      {R"({"nodes": [{"id": "a", "kind": "limit", "settings": 3}]})", "nodes[0].settings", "object"},
      {R"({"nodes": [{"id": "a", "kind": "limit"}], "edges": [{"source": "a", "target": "zz"}]})",
       "edges[0].target", "id of a node"},
  };
  for (const BadDocument& bad : cases) {
    auto refused = Alice().SaveFlow("kept", bad.text);
    ASSERT_FALSE(refused.ok()) << bad.text;
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument) << bad.text;
    EXPECT_EQ(refused.error().field(), bad.field) << bad.text;
    EXPECT_NE(refused.error().message().find(bad.words), std::string::npos) << refused.error().message();
  }
  auto missing = Alice().SaveFlow("kept", CopyFlow("deleted-connection"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field(), "nodes[0].settings.connection");
  EXPECT_NE(missing.error().message().find("Cloud Storage Reader 'r'"), std::string::npos)
      << missing.error().message();
  EXPECT_EQ(json::parse(Alice().OpenFlow("kept")->document), json::parse(CopyFlow()));
}

TEST_F(SavedFlowsTest, ADrawingTheEngineCannotRunIsRefusedOnItsNode) {
  json flow = json::parse(CopyFlow());
  flow["edges"] = json::array({{{"source", "r"}, {"target", "l"}},
                               {{"source", "l"}, {"target", "f"}},
                               {{"source", "f"}, {"target", "w"}}});  // filter after the limit
  ASSERT_TRUE(Alice().CreateFlow("late filter", flow.dump()).ok()) << "a work in progress may be saved";
  auto run = Alice().RunFlow("late filter");
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().field(), "nodes[1].settings");
  EXPECT_NE(run.error().message().find("Filter rows 'f'"), std::string::npos) << run.error().message();
  ASSERT_TRUE(Alice().CreateFlow("no writer", R"({"nodes": []})").ok());
  EXPECT_EQ(Alice().RunFlow("no writer").error().field(), "nodes");
}

TEST_F(SavedFlowsTest, RunsASavedFlowThroughTheEngine) {
  Connection moto = testing_support::MotoConnection("saved-flows-secret");
  testing_support::CreateBucket(moto, bucket_);
  ArrowArrayStream input{};
  testing_support::ExportTable(testing_support::SampleTable(300), &input, 64);
  WriteRequest write;
  write.path = In();
  ASSERT_TRUE(Alice().Write("lake", write, &input).ok());
  ASSERT_TRUE(Alice().CreateFlow("copy", CopyFlow()).ok());
  auto runs = Alice().RunFlow("copy");
  ASSERT_TRUE(runs.ok()) << runs.error().message();
  ASSERT_EQ(runs->size(), 1u);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  FlowRun run;
  do {
    run = *Alice().GetFlowRun(runs->front());
    if (run.state != FlowRunState::kRunning) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(run.state, FlowRunState::kSucceeded) << (run.error ? run.error->message() : "still running");
  EXPECT_EQ(run.result->rows, 50);  // 100 flagged rows, limited to 50
}

// Sort, Rename and Add column run in the engine on the rows after the
// pushed-down read; the Limit and Select after them run there too, in
// drawing order (a Limit after a Sort keeps the first rows of the sorted).
TEST_F(SavedFlowsTest, SortRenameAndAddColumnRunInTheEngineInDrawingOrder) {
  Connection moto = testing_support::MotoConnection("saved-flows-secret");
  testing_support::CreateBucket(moto, bucket_);
  ArrowArrayStream input{};
  testing_support::ExportTable(testing_support::SampleTable(300), &input, 64);
  WriteRequest write;
  write.path = In();
  ASSERT_TRUE(Alice().Write("lake", write, &input).ok());
  const std::string out = "s3://" + bucket_ + "/out/steps.parquet";
  json nodes = json::array(
      {Node("r", "reader", {{"connection", "lake"}, {"path", In()}, {"format", "parquet"}}),
       Node("f", "filter", {{"column", "flag"}, {"op", "eq"}, {"value", "true"}}),
       Node("s", "sort", {{"keys", json::array({{{"column", "id"}, {"descending", true}}})}}),
       Node("n", "rename", {{"names", json::array({{{"from", "id"}, {"to", "key"}}})}}),
       Node("a", "add_column", {{"name", "twice"}, {"column", "value"}, {"op", "multiply"}, {"value", "2"}}),
       Node("l", "limit", {{"rows", 3}}), Node("k", "select", {{"columns", json::array({"key", "twice"})}}),
       Node("w", "writer", {{"connection", "lake"}, {"path", out}, {"format", "parquet"}})});
  json edges = json::array();
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i)
    edges.push_back({{"source", nodes[i]["id"]}, {"target", nodes[i + 1]["id"]}});
  ASSERT_TRUE(Alice().CreateFlow("steps", json{{"nodes", nodes}, {"edges", edges}}.dump()).ok());
  auto runs = Alice().RunFlow("steps");
  ASSERT_TRUE(runs.ok()) << runs.error().message();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  FlowRun run;
  do {
    run = *Alice().GetFlowRun(runs->front());
    if (run.state != FlowRunState::kRunning) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(run.state, FlowRunState::kSucceeded) << (run.error ? run.error->message() : "still running");
  EXPECT_EQ(run.result->rows, 3);
  ScanRequest written;
  written.path = out;
  auto frame = Alice().Scan("lake", written);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  std::shared_ptr<arrow::Table> table = testing_support::ReadAll(*frame);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->schema()->ToString(), "key: int64\ntwice: double");
  auto keys = std::static_pointer_cast<arrow::Int64Array>(table->GetColumnByName("key")->chunk(0));
  auto twice = std::static_pointer_cast<arrow::DoubleArray>(table->GetColumnByName("twice")->chunk(0));
  ASSERT_EQ(keys->length(), 3);
  EXPECT_EQ(keys->Value(0), 297);  // flagged ids are multiples of 3, highest first
  EXPECT_EQ(keys->Value(2), 291);
  EXPECT_DOUBLE_EQ(twice->Value(0), 297.0);  // value is id * 0.5
  // Python's open_flow gets the same frame: the read, then the steps from the Sort node on.
  auto opened = Alice().FlowFrame("steps");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_FALSE(opened->steps.empty());
  EXPECT_EQ(opened->steps.front().field, "nodes[2].settings");
  EXPECT_TRUE(std::holds_alternative<SortStep>(opened->steps.front().action));
}

// A step naming a column that is not there is refused when the run starts
// reading, on the node's field, with the columns there are.
TEST_F(SavedFlowsTest, AStepOnAMissingColumnFailsOnItsNode) {
  Connection moto = testing_support::MotoConnection("saved-flows-secret");
  testing_support::CreateBucket(moto, bucket_);
  ArrowArrayStream input{};
  testing_support::ExportTable(testing_support::SampleTable(10), &input, 64);
  WriteRequest write;
  write.path = In();
  ASSERT_TRUE(Alice().Write("lake", write, &input).ok());
  FrameSpec spec;
  spec.connection = "lake";
  spec.scan.path = In();
  spec.steps.push_back(FrameStep{SortStep{{{"amount", false}}}, "steps[0].settings"});
  ArrowArrayStream rows{};
  Status previewed = Alice().ExportPreview(spec, &rows);
  ASSERT_FALSE(previewed.ok());
  EXPECT_EQ(previewed.error().field(), "steps[0].settings.keys");
  EXPECT_NE(previewed.error().message().find("they have id, name, value, flag"), std::string::npos)
      << previewed.error().message();
}

// ExportFrame streams every row through the steps (no preview cap), and a
// frame limited to no rows gives its columns after the steps from metadata.
TEST_F(SavedFlowsTest, ExportFrameRunsTheStepsOnEveryRow) {
  Connection moto = testing_support::MotoConnection("saved-flows-secret");
  testing_support::CreateBucket(moto, bucket_);
  ArrowArrayStream input{};
  testing_support::ExportTable(testing_support::SampleTable(2500), &input, 64);
  WriteRequest write;
  write.path = In();
  ASSERT_TRUE(Alice().Write("lake", write, &input).ok());
  FrameSpec spec;
  spec.connection = "lake";
  spec.scan.path = In();
  spec.steps.push_back(FrameStep{SortStep{{{"id", true}}}, "steps[0].settings"});
  spec.steps.push_back(FrameStep{RenameStep{{{"id", "key"}}}, "steps[1].settings"});
  ComputeStep twice{"twice", "value", ComputeStep::Op::kMultiply, false, "", std::int64_t{2}};
  spec.steps.push_back(FrameStep{twice, "steps[2].settings"});
  ArrowArrayStream rows{};
  ASSERT_TRUE(Alice().ExportFrame(spec, &rows).ok());
  auto reader = arrow::ImportRecordBatchReader(&rows);
  ASSERT_TRUE(reader.ok());
  auto table = (*reader)->ToTable();
  ASSERT_TRUE(table.ok());
  ASSERT_EQ((*table)->num_rows(), 2500);  // more than a preview's kMaxPreviewRows
  auto keys = std::static_pointer_cast<arrow::Int64Array>((*table)->GetColumnByName("key")->chunk(0));
  EXPECT_EQ(keys->Value(0), 2499);
  auto columns = Alice().FrameColumns(spec);
  ASSERT_TRUE(columns.ok()) << columns.error().message();
  ASSERT_EQ(columns->size(), 5u);
  EXPECT_EQ(columns->front().name, "key");
  EXPECT_EQ(columns->back().name, "twice");
  EXPECT_EQ(columns->back().type, "double");
  EXPECT_EQ(*Alice().DescribeFrame(spec),
            "scan parquet " + In() +
                " (1 file); then in the engine: sort by id descending; rename id to key; "
                "add column twice = value * 2");
}

// A frame with steps saves as Sort, Rename and Add column nodes after its
// read's nodes, and opens as the same frame.
TEST_F(SavedFlowsTest, AFrameWithStepsSavedAsAFlowOpensWithTheSameSteps) {
  FrameSpec frame;
  frame.connection = "lake";
  frame.scan.path = In();
  frame.limit = 50;
  frame.steps.push_back(FrameStep{SortStep{{{"id", true}, {"name", false}}}, "steps[0].settings"});
  frame.steps.push_back(FrameStep{RenameStep{{{"id", "key"}}}, "steps[1].settings"});
  ComputeStep sum{"total", "value", ComputeStep::Op::kAdd, true, "key", {}};
  frame.steps.push_back(FrameStep{sum, "steps[2].settings"});
  ComputeStep half{"half", "value", ComputeStep::Op::kDivide, false, "", 2.5};
  frame.steps.push_back(FrameStep{half, "steps[3].settings"});
  frame.steps.push_back(
      FrameStep{FilterStep{{"key", ColumnFilter::Op::kGt, std::int64_t{3}}}, "steps[4].settings"});
  frame.steps.push_back(FrameStep{LimitStep{4}, "steps[5].settings"});
  ASSERT_TRUE(Alice().SaveFrameAsFlow("sorted", frame, false).ok());
  json document = json::parse(Alice().OpenFlow("sorted")->document);
  ASSERT_EQ(document["nodes"].size(), 8u);  // reader, limit, then one node per step
  EXPECT_EQ(document["nodes"][2]["kind"], "sort");
  EXPECT_EQ(document["nodes"][3]["kind"], "rename");
  EXPECT_EQ(document["nodes"][4]["kind"], "add_column");
  EXPECT_EQ(document["nodes"][4]["settings"]["operand_column"], "key");
  EXPECT_EQ(document["nodes"][5]["settings"]["operand_column"], "");  // the canvas's "no column"
  auto opened = Alice().FlowFrame("sorted");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->limit, 50);
  EXPECT_EQ(FrameStepsToJson(opened->steps), FrameStepsToJson(frame.steps));
  auto parsed = FrameStepsFromJson(FrameStepsToJson(frame.steps));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(FrameStepsToJson(*parsed), FrameStepsToJson(frame.steps));
  EXPECT_EQ(FrameStepsFromJson(R"([{"kind": "sort", "settings": {"keys": []}}])").error().field(),
            "steps[0].settings.keys");
}

TEST_F(SavedFlowsTest, AFrameSavedAsAFlowOpensAsTheSameFrame) {
  FrameSpec frame;
  frame.connection = "lake";
  frame.scan.path = In();
  // The Select keeps only id: the flag filter must be drawn before it.
  frame.columns = std::vector<std::string>{"id"};
  frame.filters.push_back({"id", ColumnFilter::Op::kGe, std::int64_t{10}});
  frame.filters.push_back({"flag", ColumnFilter::Op::kEq, true});
  frame.limit = 7;
  auto saved = Alice().SaveFrameAsFlow("from python", frame, false);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  json document = json::parse(Alice().OpenFlow("from python")->document);
  std::vector<std::string> kinds;
  for (const json& node : document["nodes"]) kinds.push_back(node["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"reader", "filter", "filter", "select", "limit"}));
  EXPECT_EQ(document["edges"].size(), 4u);
  auto opened = Alice().FlowFrame("from python");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->connection, "lake");
  EXPECT_EQ(opened->scan.path, In());
  EXPECT_EQ(opened->columns, frame.columns);
  ASSERT_EQ(opened->filters.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(opened->filters[0].value), 10);
  EXPECT_EQ(std::get<bool>(opened->filters[1].value), true);
  EXPECT_EQ(opened->limit, 7);
  EXPECT_EQ(Alice().SaveFrameAsFlow("from python", frame, false).error().code(), ErrorCode::kAlreadyExists);
  frame.limit = 3;
  ASSERT_TRUE(Alice().SaveFrameAsFlow("from python", frame, true).ok());
  EXPECT_EQ(Alice().FlowFrame("from python")->limit, 3);
}

}  // namespace
}  // namespace flowfile
