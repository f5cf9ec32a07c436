// Several frames saved as one flow (Python's FlowGraph.save_flow): paths
// that begin alike share those nodes and fork, each Writer keeps its
// settings, and the engine reads every Writer's path back as the frame it
// was drawn from.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "src/service/flow_document.h"

namespace flowfile::service {
namespace {

using nlohmann::json;

FrameSpec FilteredRead() {
  FrameSpec frame;
  frame.connection = "lake";
  frame.scan.path = "s3://bucket/in/data.parquet";
  frame.filters.push_back({"id", ColumnFilter::Op::kGt, std::int64_t{1}});
  return frame;
}

FlowBranch Written(FrameSpec read, std::string connection, std::string path) {
  WriteRequest write;
  write.path = std::move(path);
  return FlowBranch{std::move(read), std::move(write), std::move(connection)};
}

TEST(FlowBranchesTest, BranchesThatBeginAlikeForkAndEachWriterRunsItsOwnPath) {
  FlowBranch sorted = Written(FilteredRead(), "lake", "s3://bucket/out/sorted.csv");
  sorted.read.steps.push_back(FrameStep{SortStep{{{"id", true}}}, ""});
  sorted.write->format = FileFormat::kCsv;
  sorted.write->csv.delimiter = ';';
  FlowBranch top = Written(FilteredRead(), "", "s3://bucket/out/top.parquet");
  top.read.limit = 5;
  top.write->compression = Compression::kZstd;
  FlowBranch other{FrameSpec{}, std::nullopt, ""};
  other.read.connection = "lake";
  other.read.scan.path = "s3://bucket/other/";

  const json document = json::parse(DocumentOfBranches({sorted, top, other}));
  std::vector<std::string> kinds;
  for (const json& node : document["nodes"]) kinds.push_back(node["kind"]);
  // The Reader and Filter once, then each branch's own nodes; the third Reader alone.
  EXPECT_EQ(kinds, (std::vector<std::string>{"reader", "filter", "sort", "writer", "limit", "writer", "reader"}));
  ASSERT_EQ(document["edges"].size(), 5u);
  EXPECT_EQ(document["edges"][3]["source"], "n2");  // the Limit forks from the shared Filter
  EXPECT_EQ(document["edges"][3]["target"], "n5");
  EXPECT_EQ(document["nodes"][4]["position"]["y"], 280);  // a row of its own
  EXPECT_EQ(document["nodes"][6]["position"]["x"], 40);
  EXPECT_EQ(document["nodes"][3]["settings"]["csv"]["delimiter"], ";");

  Result<FlowDocument> parsed = ParseFlowDocument(document.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  Result<std::vector<FlowSpec>> runs = FlowSpecsOf(*parsed);
  ASSERT_TRUE(runs.ok()) << runs.error().message();
  ASSERT_EQ(runs->size(), 2u);
  const FlowSpec& first = (*runs)[0];
  EXPECT_EQ(first.write_connection, "lake");
  EXPECT_EQ(first.write.path, "s3://bucket/out/sorted.csv");
  EXPECT_EQ(first.write.format, FileFormat::kCsv);
  EXPECT_EQ(first.write.csv.delimiter, ';');
  EXPECT_EQ(first.read.filters.size(), 1u);
  EXPECT_EQ(first.read.steps.size(), 1u);
  const FlowSpec& second = (*runs)[1];
  EXPECT_EQ(second.write_connection, "");
  EXPECT_EQ(second.write.compression, Compression::kZstd);
  EXPECT_EQ(second.read.limit, 5);
  EXPECT_TRUE(second.read.steps.empty());
}

TEST(FlowBranchesTest, OneFrameDrawsAsSaveAsFlowDrewIt) {
  const json document = json::parse(DocumentOfFrame(FilteredRead()));
  ASSERT_EQ(document["nodes"].size(), 2u);
  EXPECT_EQ(document["nodes"][0]["position"], (json{{"x", 40}, {"y", 120}}));
  EXPECT_EQ(document["nodes"][1]["position"], (json{{"x", 320}, {"y", 120}}));
  EXPECT_EQ(document["edges"], json::parse(R"([{"id": "en1-n2", "source": "n1", "target": "n2"}])"));
}

}  // namespace
}  // namespace flowfile::service
