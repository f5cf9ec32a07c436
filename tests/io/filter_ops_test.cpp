// The one table of comparisons: every name parses to its op and back, and a
// comparison that needs a value refuses none.
#include <gtest/gtest.h>

#include <string>

#include "flowfile/data.h"
#include "src/io/filter_ops.h"

namespace flowfile::io {
namespace {

TEST(FilterOps, EveryNameParsesToItsOpAndIsOffered) {
  std::vector<std::string_view> offered = FilterOpNames();
  ASSERT_EQ(offered.size(), kFilterOps.size());
  for (std::size_t i = 0; i < kFilterOps.size(); ++i) {
    EXPECT_EQ(offered[i], kFilterOps[i].name);
    Result<ColumnFilter::Op> parsed = ParseFilterOp(kFilterOps[i].name);
    ASSERT_TRUE(parsed.ok()) << kFilterOps[i].name;
    EXPECT_EQ(&FilterOp(*parsed), &kFilterOps[i]);
  }
}

TEST(FilterOps, AnUnknownNameListsTheChoices) {
  Result<ColumnFilter::Op> parsed = ParseFilterOp("between");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message(),
            "Comparison 'between' is not supported: use one of eq, ne, lt, le, gt, ge, is_null, is_not_null.");
}

TEST(FilterOps, OnlyIsNullAndIsNotNullGoWithoutAValue) {
  for (const FilterOpSpec& spec : kFilterOps) {
    ColumnFilter filter{"price", spec.op, {}};
    Status checked = CheckColumnFilter(filter, "filters[0].value");
    EXPECT_EQ(checked.ok(), spec.unary) << spec.name;
    if (!checked.ok()) {
      EXPECT_EQ(checked.error().field(), "filters[0].value");
      EXPECT_NE(checked.error().message().find("use is_null or is_not_null"), std::string::npos);
    }
    filter.value = std::int64_t{3};
    EXPECT_TRUE(CheckColumnFilter(filter).ok()) << spec.name;
  }
}

}  // namespace
}  // namespace flowfile::io
