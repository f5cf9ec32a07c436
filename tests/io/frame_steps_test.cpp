// The transforms the engine runs after a read (io::ApplySteps) on in-memory
// streams: sort, rename, computed columns, and select/filter/limit after them.
#include "src/io/frame_steps.h"

#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <gtest/gtest.h>

#include "tests/io/arrow_test_data.h"

namespace flowfile {
namespace {

FrameStep Step(decltype(FrameStep::action) action, std::string field = "nodes[1].settings") {
  return FrameStep{std::move(action), std::move(field)};
}

// The rows of SampleTable(rows) through `steps`, in batches of 7 rows.
Result<std::shared_ptr<arrow::Table>> Transform(std::int64_t rows, const std::vector<FrameStep>& steps) {
  ArrowArrayStream stream{};
  testing_support::ExportTable(testing_support::SampleTable(rows), &stream, 7);
  Status applied = io::ApplySteps(steps, &stream);
  if (!applied.ok()) {
    if (stream.release != nullptr) stream.release(&stream);
    return applied.error();
  }
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) return Error(ErrorCode::kInternal, reader.status().ToString());
  auto table = (*reader)->ToTable();
  if (!table.ok()) return Error(ErrorCode::kInternal, table.status().ToString());
  return *table;
}

std::vector<std::int64_t> Ids(const arrow::Table& table, const std::string& column = "id") {
  std::vector<std::int64_t> ids;
  auto chunks = table.GetColumnByName(column);
  for (const auto& chunk : chunks->chunks()) {
    const auto& values = static_cast<const arrow::Int64Array&>(*chunk);
    for (std::int64_t i = 0; i < values.length(); ++i) ids.push_back(values.Value(i));
  }
  return ids;
}

TEST(FrameStepsTest, SortOrdersEveryRowAcrossBatchesThenLimitKeepsTheFirst) {
  auto table = Transform(20, {Step(SortStep{{{"id", true}}}), Step(LimitStep{3})});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ(Ids(**table), (std::vector<std::int64_t>{19, 18, 17}));
}

// A Limit right after a Sort gathers only its rows; ties keep their order
// (flag is true for ids 0, 3, 6, ...), and a limit past the end keeps all.
TEST(FrameStepsTest, SortThenLimitKeepsTheFirstRowsTiesInTheirOrder) {
  auto table = Transform(20, {Step(SortStep{{{"flag", true}}}), Step(LimitStep{4})});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ(Ids(**table), (std::vector<std::int64_t>{0, 3, 6, 9}));
  auto all = Transform(5, {Step(SortStep{{{"id", true}}}), Step(LimitStep{50})});
  ASSERT_TRUE(all.ok()) << all.error().message();
  EXPECT_EQ(Ids(**all), (std::vector<std::int64_t>{4, 3, 2, 1, 0}));
}

// Past a round of rows the sort keeps only the best so far: the result is
// still that of one stable sort of every row (ties in input order).
TEST(FrameStepsTest, SortThenLimitOverManyRoundsIsOneStableSort) {
  auto ties = Transform(700'000, {Step(SortStep{{{"flag", true}}}), Step(LimitStep{5})});
  ASSERT_TRUE(ties.ok()) << ties.error().message();
  EXPECT_EQ(Ids(**ties), (std::vector<std::int64_t>{0, 3, 6, 9, 12}));
  auto last = Transform(700'000, {Step(SortStep{{{"value", true}}}), Step(LimitStep{3})});
  ASSERT_TRUE(last.ok()) << last.error().message();
  EXPECT_EQ(Ids(**last), (std::vector<std::int64_t>{699'999, 699'998, 699'997}));
}

TEST(FrameStepsTest, SortsByASecondKeyWithinTheFirst) {
  // flag is true for ids 0, 3, 6, ...: false first, then ids descending.
  auto table = Transform(7, {Step(SortStep{{{"flag", false}, {"id", true}}})});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ(Ids(**table), (std::vector<std::int64_t>{5, 4, 2, 1, 6, 3, 0}));
}

TEST(FrameStepsTest, RenameKeepsPlacesAndAFilterAfterItUsesTheNewName) {
  ColumnFilter above{"key", ColumnFilter::Op::kGe, std::int64_t{15}};
  auto table = Transform(20, {Step(RenameStep{{{"id", "key"}}}), Step(FilterStep{above})});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ((*table)->schema()->field_names(), (std::vector<std::string>{"key", "name", "value", "flag"}));
  EXPECT_EQ(Ids(**table, "key"), (std::vector<std::int64_t>{15, 16, 17, 18, 19}));
}

TEST(FrameStepsTest, RenameRefusesTwoColumnsOfOneName) {
  auto table = Transform(3, {Step(RenameStep{{{"id", "name"}}})});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().field(), "nodes[1].settings.names");
  EXPECT_NE(table.error().message().find("two columns would be named name"), std::string::npos);
}

TEST(FrameStepsTest, ComputedColumnWithAValueAndWithAColumn) {
  ComputeStep doubled{"twice", "value", ComputeStep::Op::kMultiply, false, "", 2.0};
  ComputeStep ratio{"ratio", "id", ComputeStep::Op::kDivide, true, "value", {}};
  auto table = Transform(5, {Step(doubled), Step(ratio), Step(SelectStep{{"id", "twice", "ratio"}})});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ((*table)->schema()->ToString(), "id: int64\ntwice: double\nratio: double");
  auto twice = std::static_pointer_cast<arrow::DoubleArray>((*table)->GetColumnByName("twice")->chunk(0));
  EXPECT_DOUBLE_EQ(twice->Value(3), 3.0);  // value 1.5 * 2
  auto ratio_values = std::static_pointer_cast<arrow::DoubleArray>((*table)->GetColumnByName("ratio")->chunk(0));
  EXPECT_DOUBLE_EQ(ratio_values->Value(4), 2.0);  // 4 / 2.0
}

TEST(FrameStepsTest, AComputedColumnOfTheSameNameReplacesItInPlace) {
  ComputeStep plus_one{"id", "id", ComputeStep::Op::kAdd, false, "", std::int64_t{100}};
  auto table = Transform(3, {Step(plus_one)});
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ((*table)->schema()->field_names(), (std::vector<std::string>{"id", "name", "value", "flag"}));
  EXPECT_EQ(Ids(**table), (std::vector<std::int64_t>{100, 101, 102}));
}

TEST(FrameStepsTest, TextCannotBeAddedToNumbersAndTheStepSaysSoBeforeAnyRow) {
  ComputeStep bad{"sum", "name", ComputeStep::Op::kAdd, false, "", std::int64_t{1}};
  auto table = Transform(3, {Step(bad, "steps[0].settings")});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().field(), "steps[0].settings.value");
  EXPECT_NE(table.error().message().find("name is string"), std::string::npos) << table.error().message();
}

TEST(FrameStepsTest, AnUnknownColumnNamesTheColumnsThereAre) {
  auto table =
      Transform(3, {Step(RenameStep{{{"id", "key"}}}), Step(SortStep{{{"id", false}}}, "nodes[2].settings")});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().field(), "nodes[2].settings.keys");
  EXPECT_NE(table.error().message().find("they have key, name, value, flag"), std::string::npos)
      << table.error().message();
}

TEST(FrameStepsTest, OpNamesRoundTrip) {
  for (std::string_view name : ComputeOpNames()) EXPECT_TRUE(ParseComputeOp(name).ok()) << name;
  EXPECT_EQ(ParseComputeOp("power").error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace flowfile
