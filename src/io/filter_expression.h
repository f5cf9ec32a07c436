// ColumnFilter -> Arrow compute expressions that the dataset scanner pushes
// down (Parquet row group statistics, hive partition values).
#pragma once

#include <arrow/compute/expression.h>
#include <arrow/type_fwd.h>

#include <vector>

#include "flowfile/data.h"

namespace flowfile::io {

// The AND of `filters` against `schema`. Literal values are cast to the
// column's type (an int64 literal against an int32 column, an ISO string
// against a timestamp), so statistics still apply. kInvalidArgument names an
// unknown column or a value that does not fit the column.
Result<arrow::compute::Expression> ToExpression(const std::vector<ColumnFilter>& filters,
                                                const arrow::Schema& schema);

// "10", "'Oslo'", "true", "null": a value as descriptions show it.
std::string DescribeValue(const ColumnFilter::Value& value);
// "price > 10" for Describe().
std::string DescribeFilter(const ColumnFilter& filter);

}  // namespace flowfile::io
