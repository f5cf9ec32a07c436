#include "src/io/frame_steps.h"

#include <arrow/api.h>
#include <arrow/array/util.h>
#include <arrow/c/bridge.h>
#include <arrow/compute/api.h>
#include <arrow/compute/expression.h>

#include <optional>

#include "src/io/compute_ops.h"
#include "src/io/compute_ready.h"
#include "src/io/filter_expression.h"
#include "src/io/row_filter_reader.h"
#include "src/io/sorted_rows.h"

namespace flowfile {
namespace io {
namespace {

using arrow::compute::Expression;
using ReaderPtr = std::shared_ptr<arrow::RecordBatchReader>;

std::string ColumnList(const arrow::Schema& schema) {
  std::string names;
  for (const auto& field : schema.fields()) names += (names.empty() ? "" : ", ") + field->name();
  return names.empty() ? "no columns" : names;
}

Error StepError(const FrameStep& step, std::string_view setting, const std::string& message) {
  std::string field = step.field;
  if (!setting.empty()) field += (field.empty() ? "" : ".") + std::string(setting);
  return InvalidField(field, message);
}

Status NeedColumn(const FrameStep& step, std::string_view setting, const arrow::Schema& schema,
                  const std::string& column) {
  if (schema.GetFieldIndex(column) >= 0) return Status::Ok();
  return StepError(step, setting,
                   "Column '" + column + "' is not in the rows here: they have " + ColumnList(schema) + ".");
}

// Each output column is an expression over the input batch.
class ProjectReader final : public arrow::RecordBatchReader {
 public:
  ProjectReader(ReaderPtr source, std::vector<Expression> bound, std::shared_ptr<arrow::Schema> schema)
      : source_(std::move(source)), bound_(std::move(bound)), schema_(std::move(schema)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(source_->ReadNext(&batch));
    if (batch == nullptr) return arrow::Status::OK();
    const arrow::compute::ExecBatch input(*batch);
    std::vector<std::shared_ptr<arrow::Array>> columns;
    for (const Expression& expression : bound_) {
      ARROW_ASSIGN_OR_RAISE(arrow::Datum value, arrow::compute::ExecuteScalarExpression(expression, input));
      if (value.is_scalar()) {
        ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeArrayFromScalar(*value.scalar(), batch->num_rows()));
        columns.push_back(std::move(array));
      } else {
        columns.push_back(value.make_array());
      }
    }
    *out = arrow::RecordBatch::Make(schema_, batch->num_rows(), std::move(columns));
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  ReaderPtr source_;
  std::vector<Expression> bound_;
  std::shared_ptr<arrow::Schema> schema_;
};

class LimitReader final : public arrow::RecordBatchReader {
 public:
  LimitReader(ReaderPtr source, std::int64_t rows) : source_(std::move(source)), remaining_(rows) {}

  std::shared_ptr<arrow::Schema> schema() const override { return source_->schema(); }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    if (remaining_ <= 0) return arrow::Status::OK();
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(source_->ReadNext(&batch));
    if (batch == nullptr) return arrow::Status::OK();
    if (batch->num_rows() > remaining_) batch = batch->Slice(0, remaining_);
    remaining_ -= batch->num_rows();
    *out = std::move(batch);
    return arrow::Status::OK();
  }

  // Stops the source: the rows past the limit are never read.
  arrow::Status Close() override { return source_->Close(); }

 private:
  ReaderPtr source_;
  std::int64_t remaining_;
};

Result<ReaderPtr> Project(const FrameStep& step, ReaderPtr source, const std::vector<Expression>& expressions,
                          const std::vector<std::string>& names) {
  const arrow::Schema& in = *source->schema();
  std::vector<Expression> bound;
  std::vector<std::shared_ptr<arrow::Field>> fields;
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    arrow::Result<Expression> done = expressions[i].Bind(in);
    if (!done.ok()) return StepError(step, "", "cannot be computed on these columns: " + done.status().message());
    fields.push_back(arrow::field(names[i], done->type()->GetSharedPtr()));
    bound.push_back(*std::move(done));
  }
  return ReaderPtr(std::make_shared<ProjectReader>(std::move(source), std::move(bound), arrow::schema(fields)));
}

Result<ReaderPtr> Select(const FrameStep& step, const SelectStep& select, ReaderPtr source) {
  if (select.columns.empty()) return StepError(step, "columns", "name at least one column to keep.");
  std::vector<Expression> expressions;
  for (const std::string& column : select.columns) {
    FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "columns", *source->schema(), column));
    expressions.push_back(arrow::compute::field_ref(column));
  }
  return Project(step, std::move(source), expressions, select.columns);
}

Result<ReaderPtr> Filter(const FrameStep& step, const FilterStep& filter, ReaderPtr source) {
  FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "column", *source->schema(), filter.filter.column));
  Result<Expression> expression = ToExpression({filter.filter}, *source->schema());
  if (!expression.ok()) return StepError(step, "value", expression.error().message());
  arrow::Result<ReaderPtr> filtered = FilterRows(std::move(source), *expression, std::nullopt);
  if (!filtered.ok()) return StepError(step, "", filtered.status().message());
  return *filtered;
}

Result<ReaderPtr> Sort(const FrameStep& step, const SortStep& sort, ReaderPtr source,
                       std::optional<std::int64_t> keep) {
  if (sort.keys.empty()) return StepError(step, "keys", "choose at least one column to sort by.");
  std::vector<arrow::compute::SortKey> keys;
  for (const SortStep::Key& key : sort.keys) {
    FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "keys", *source->schema(), key.column));
    keys.emplace_back(
        key.column, key.descending ? arrow::compute::SortOrder::Descending : arrow::compute::SortOrder::Ascending);
  }
  return SortRows(std::move(source), arrow::compute::SortOptions(std::move(keys)), keep);
}

Result<ReaderPtr> Rename(const FrameStep& step, const RenameStep& rename, ReaderPtr source) {
  const arrow::Schema& in = *source->schema();
  std::vector<std::string> names = in.field_names();
  for (const auto& [from, to] : rename.names) {
    FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "names", in, from));
    if (to.empty()) return StepError(step, "names", "type the new name of " + from + ".");
    names[static_cast<std::size_t>(in.GetFieldIndex(from))] = to;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      if (names[i] == names[j])
        return StepError(step, "names", "two columns would be named " + names[i] + ": choose another name.");
    }
  }
  std::vector<Expression> expressions;
  for (const auto& field : in.fields()) expressions.push_back(arrow::compute::field_ref(field->name()));
  return Project(step, std::move(source), expressions, names);
}

Expression ValueExpression(const ColumnFilter::Value& value) {
  return std::visit(
      [](const auto& v) -> Expression {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return arrow::compute::literal(arrow::MakeNullScalar(arrow::null()));
        } else {
          return arrow::compute::literal(v);
        }
      },
      value);
}

Result<ReaderPtr> Compute(const FrameStep& step, const ComputeStep& compute, ReaderPtr source) {
  const arrow::Schema& in = *source->schema();
  if (compute.name.empty()) return StepError(step, "name", "type the name of the new column.");
  FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "column", in, compute.column));
  Expression left = arrow::compute::field_ref(compute.column);
  Expression right;
  if (compute.operand_is_column) {
    FLOWFILE_RETURN_IF_ERROR(NeedColumn(step, "operand", in, compute.operand_column));
    right = arrow::compute::field_ref(compute.operand_column);
  } else {
    if (std::holds_alternative<std::monostate>(compute.operand_value))
      return StepError(step, "value", "type the value to " + std::string(EntryOf(compute.op).verb) + ".");
    right = ValueExpression(compute.operand_value);
  }
  if (compute.op == ComputeStep::Op::kDivide) {
    const auto as_float = [](Expression operand) {
      return arrow::compute::call("cast", {std::move(operand)},
                                  arrow::compute::CastOptions::Safe(arrow::float64()));
    };
    left = as_float(std::move(left));
    right = as_float(std::move(right));
  }
  Expression computed = arrow::compute::call(EntryOf(compute.op).function, {std::move(left), std::move(right)});
  // A check now, so that a mismatch is the step's error before any row.
  if (arrow::Result<Expression> bound = computed.Bind(in); !bound.ok()) {
    return StepError(step, compute.operand_is_column ? "operand" : "value",
                     "cannot " + std::string(EntryOf(compute.op).verb) + " these: " + compute.column + " is " +
                         in.GetFieldByName(compute.column)->type()->ToString() +
                         "; use numbers, or columns of numbers.");
  }
  std::vector<Expression> expressions;
  std::vector<std::string> names;
  bool replaced = false;
  for (const auto& field : in.fields()) {
    names.push_back(field->name());
    if (field->name() == compute.name) {
      expressions.push_back(computed);
      replaced = true;
    } else {
      expressions.push_back(arrow::compute::field_ref(field->name()));
    }
  }
  if (!replaced) {
    names.push_back(compute.name);
    expressions.push_back(computed);
  }
  return Project(step, std::move(source), expressions, names);
}

// `next_limit`: the rows of a Limit step right after this one, if any.
Result<ReaderPtr> Wrap(const FrameStep& step, ReaderPtr source, std::optional<std::int64_t> next_limit) {
  return std::visit(
      [&](const auto& action) -> Result<ReaderPtr> {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<T, SelectStep>) return Select(step, action, std::move(source));
        if constexpr (std::is_same_v<T, FilterStep>) return Filter(step, action, std::move(source));
        if constexpr (std::is_same_v<T, LimitStep>) {
          if (action.rows < 0) return StepError(step, "rows", "type a whole number of rows, 0 or more.");
          return ReaderPtr(std::make_shared<LimitReader>(std::move(source), action.rows));
        }
        if constexpr (std::is_same_v<T, SortStep>) return Sort(step, action, std::move(source), next_limit);
        if constexpr (std::is_same_v<T, RenameStep>) return Rename(step, action, std::move(source));
        if constexpr (std::is_same_v<T, ComputeStep>) return Compute(step, action, std::move(source));
      },
      step.action);
}

}  // namespace

Status ApplySteps(const std::vector<FrameStep>& steps, ArrowArrayStream* stream) {
  if (steps.empty()) return Status::Ok();
  // Arrow's compute functions (sort, arithmetic, comparisons) register on request.
  FLOWFILE_RETURN_IF_ERROR(EnsureComputeReady());
  arrow::Result<ReaderPtr> imported = arrow::ImportRecordBatchReader(stream);
  if (!imported.ok()) return Error(ErrorCode::kInternal, "Could not read the rows to transform.");
  ReaderPtr reader = *std::move(imported);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::optional<std::int64_t> next_limit;
    if (i + 1 < steps.size()) {
      if (const auto* limit = std::get_if<LimitStep>(&steps[i + 1].action)) next_limit = limit->rows;
    }
    Result<ReaderPtr> wrapped = Wrap(steps[i], reader, next_limit);
    if (!wrapped.ok()) {
      (void)reader->Close();
      return wrapped.error();
    }
    reader = *std::move(wrapped);
  }
  if (!arrow::ExportRecordBatchReader(reader, stream).ok())
    return Error(ErrorCode::kInternal, "Could not hand on the transformed rows.");
  return Status::Ok();
}

Result<std::vector<ColumnType>> StreamColumns(ArrowArrayStream* stream) {
  arrow::Result<ReaderPtr> imported = arrow::ImportRecordBatchReader(stream);
  if (!imported.ok()) return Error(ErrorCode::kInternal, "Could not read the columns of the rows.");
  std::vector<ColumnType> columns;
  for (const auto& field : (*imported)->schema()->fields())
    columns.push_back({field->name(), field->type()->ToString()});
  (void)(*imported)->Close();
  return columns;
}

}  // namespace io
}  // namespace flowfile
