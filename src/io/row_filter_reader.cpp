#include "src/io/row_filter_reader.h"

#include <arrow/array/util.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>

namespace flowfile::io {
namespace {

class RowFilterReader : public arrow::RecordBatchReader {
 public:
  RowFilterReader(std::shared_ptr<arrow::RecordBatchReader> source, arrow::compute::Expression filter,
                  std::vector<int> keep, std::shared_ptr<arrow::Schema> schema)
      : source_(std::move(source)),
        filter_(std::move(filter)),
        keep_(std::move(keep)),
        schema_(std::move(schema)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(source_->ReadNext(&batch));
    if (batch == nullptr) return arrow::Status::OK();
    if (filter_ != arrow::compute::literal(true)) {
      ARROW_ASSIGN_OR_RAISE(arrow::Datum mask,
                            arrow::compute::ExecuteScalarExpression(filter_, arrow::compute::ExecBatch(*batch)));
      if (mask.is_scalar()) {
        ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeArrayFromScalar(*mask.scalar(), batch->num_rows()));
        mask = array;  // Datum copies the shared_ptr: a move would not happen
      }
      ARROW_ASSIGN_OR_RAISE(arrow::Datum kept, arrow::compute::Filter(batch, mask));
      batch = kept.record_batch();
    }
    ARROW_ASSIGN_OR_RAISE(*out, batch->SelectColumns(keep_));
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> source_;
  arrow::compute::Expression filter_;
  std::vector<int> keep_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> FilterRows(
    std::shared_ptr<arrow::RecordBatchReader> source, const arrow::compute::Expression& filter,
    const std::optional<std::vector<std::string>>& columns) {
  const std::shared_ptr<arrow::Schema> in = source->schema();
  ARROW_ASSIGN_OR_RAISE(arrow::compute::Expression bound, filter.Bind(*in));
  std::vector<int> keep;
  if (columns) {
    for (const std::string& name : *columns) {
      const int index = in->GetFieldIndex(name);
      if (index < 0) return arrow::Status::Invalid("column '", name, "' is not in the table");
      keep.push_back(index);
    }
  } else {
    for (int i = 0; i < in->num_fields(); ++i) keep.push_back(i);
  }
  std::vector<std::shared_ptr<arrow::Field>> fields;
  fields.reserve(keep.size());
  for (int index : keep) fields.push_back(in->field(index));
  return std::make_shared<RowFilterReader>(std::move(source), std::move(bound), std::move(keep),
                                           arrow::schema(std::move(fields)));
}

}  // namespace flowfile::io
