#include "src/io/filter_expression.h"

#include <arrow/compute/cast.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <string>

#include "src/io/filter_ops.h"

namespace flowfile::io {
namespace {

namespace cp = arrow::compute;

std::shared_ptr<arrow::Scalar> ToScalar(const ColumnFilter::Value& value) {
  if (const bool* b = std::get_if<bool>(&value)) return arrow::MakeScalar(*b);
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return arrow::MakeScalar(*i);
  if (const double* d = std::get_if<double>(&value)) return arrow::MakeScalar(*d);
  if (const std::string* s = std::get_if<std::string>(&value)) return arrow::MakeScalar(*s);
  return nullptr;
}

}  // namespace

Result<arrow::compute::Expression> ToExpression(const std::vector<ColumnFilter>& filters,
                                                const arrow::Schema& schema) {
  std::vector<cp::Expression> terms;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const ColumnFilter& filter = filters[i];
    const std::shared_ptr<arrow::Field> field = schema.GetFieldByName(filter.column);
    if (field == nullptr) {
      return Error(ErrorCode::kInvalidArgument, "Filter column '" + filter.column + "' is not in the data.",
                   "filters[" + std::to_string(i) + "].column");
    }
    const FilterOpSpec& spec = FilterOp(filter.op);
    if (spec.unary) {
      terms.push_back(cp::call(std::string(spec.function), {cp::field_ref(filter.column)}));
      continue;
    }
    std::shared_ptr<arrow::Scalar> literal = ToScalar(filter.value);
    if (literal == nullptr) {
      return Error(ErrorCode::kInvalidArgument,
                   "Filter on '" + filter.column + "' " + std::string(spec.symbol) +
                       " needs a value; use is null / is not null for nulls.",
                   "filters[" + std::to_string(i) + "].value");
    }
    if (!literal->type->Equals(*field->type())) {
      auto cast = literal->CastTo(field->type());
      if (!cast.ok()) {
        return Error(ErrorCode::kInvalidArgument,
                     "Filter value " + DescribeValue(filter.value) + " does not fit column '" + filter.column +
                         "' of type " + field->type()->ToString() + ".",
                     "filters[" + std::to_string(i) + "].value");
      }
      literal = *std::move(cast);
    }
    terms.push_back(cp::call(std::string(spec.function), {cp::field_ref(filter.column), cp::literal(literal)}));
  }
  if (terms.empty()) return cp::literal(true);
  return cp::and_(terms);
}

std::string DescribeValue(const ColumnFilter::Value& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const std::int64_t* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&value)) return std::to_string(*d);
  if (const std::string* s = std::get_if<std::string>(&value)) return "'" + *s + "'";
  return "null";
}

std::string DescribeFilter(const ColumnFilter& filter) {
  const FilterOpSpec& spec = FilterOp(filter.op);
  if (spec.unary) return filter.column + " " + std::string(spec.symbol);
  return filter.column + " " + std::string(spec.symbol) + " " + DescribeValue(filter.value);
}

}  // namespace flowfile::io
