// Previews show values by the same Arrow-to-JSON rule as JSON lines output
// (issue 11: there used to be two writers, with different NaN rules).
#include "src/io/arrow_rows.h"

#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <arrow/io/memory.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "src/io/ndjson_writer.h"

namespace flowfile::io {
namespace {

std::shared_ptr<arrow::RecordBatch> Batch() {
  arrow::DoubleBuilder doubles;
  EXPECT_TRUE(doubles.AppendValues({0.25, std::nan(""), std::numeric_limits<double>::infinity()}).ok());
  arrow::ListBuilder lists(arrow::default_memory_pool(), std::make_shared<arrow::Int64Builder>());
  auto& values = static_cast<arrow::Int64Builder&>(*lists.value_builder());
  for (int row = 0; row < 3; ++row) {
    EXPECT_TRUE(lists.Append().ok());
    EXPECT_TRUE(values.AppendValues({row, row + 1}).ok());
  }
  arrow::StringBuilder strings;
  for (const char* text : {"a", "b\"c", "d"}) EXPECT_TRUE(strings.Append(text).ok());
  auto schema = arrow::schema({arrow::field("d", arrow::float64()), arrow::field("l", arrow::list(arrow::int64())),
                               arrow::field("s", arrow::utf8())});
  return arrow::RecordBatch::Make(schema, 3, {*doubles.Finish(), *lists.Finish(), *strings.Finish()});
}

nlohmann::json Preview(const std::shared_ptr<arrow::RecordBatch>& batch, std::int64_t max_rows) {
  auto reader = *arrow::RecordBatchReader::Make({batch}, batch->schema());
  ArrowArrayStream stream{};
  EXPECT_TRUE(arrow::ExportRecordBatchReader(reader, &stream).ok());
  Result<nlohmann::json> rows = StreamToJsonRows(&stream, max_rows);
  EXPECT_TRUE(rows.ok()) << rows.error().ToString();
  return rows.ok() ? *rows : nlohmann::json();
}

TEST(ArrowRows, NanAndInfinityAreNullListsAreArrays) {
  const nlohmann::json preview = Preview(Batch(), 10);
  EXPECT_EQ(preview["row_count"], 3);
  EXPECT_EQ(preview["rows"], nlohmann::json::parse(R"([[0.25,[0,1],"a"],[null,[1,2],"b\"c"],[null,[2,3],"d"]])"));
  EXPECT_EQ(preview["columns"][1]["name"], "l");
}

TEST(ArrowRows, RowsMatchJsonLinesOutput) {
  auto batch = Batch();
  auto sink = *arrow::io::BufferOutputStream::Create();
  ASSERT_TRUE(WriteNdjson(*batch, *sink).ok());
  const std::string lines = (*sink->Finish())->ToString();
  const nlohmann::json preview = Preview(batch, 10);
  std::size_t start = 0;
  for (const nlohmann::json& row : preview["rows"]) {
    const std::size_t end = lines.find('\n', start);
    const nlohmann::json object = nlohmann::json::parse(lines.substr(start, end - start));
    start = end + 1;
    ASSERT_EQ(row.size(), object.size());
    for (std::size_t column = 0; column < row.size(); ++column) {
      EXPECT_EQ(row[column], object[batch->schema()->field(static_cast<int>(column))->name()]);
    }
  }
}

TEST(ArrowRows, StopsAtMaxRows) {
  const nlohmann::json preview = Preview(Batch(), 2);
  EXPECT_EQ(preview["row_count"], 2);
  EXPECT_EQ(preview["rows"].size(), 2u);
}

}  // namespace
}  // namespace flowfile::io
