#include "src/io/arrow_rows.h"

#include <arrow/api.h>
#include <arrow/c/bridge.h>

#include <cmath>

#include "src/io/stream_errors.h"

namespace flowfile::io {
namespace {

nlohmann::json CellToJson(const arrow::Array& column, std::int64_t row) {
  if (column.IsNull(row)) return nullptr;
  switch (column.type_id()) {
    case arrow::Type::BOOL:
      return static_cast<const arrow::BooleanArray&>(column).Value(row);
    case arrow::Type::INT8:
      return static_cast<const arrow::Int8Array&>(column).Value(row);
    case arrow::Type::INT16:
      return static_cast<const arrow::Int16Array&>(column).Value(row);
    case arrow::Type::INT32:
      return static_cast<const arrow::Int32Array&>(column).Value(row);
    case arrow::Type::INT64:
      return static_cast<const arrow::Int64Array&>(column).Value(row);
    case arrow::Type::UINT8:
      return static_cast<const arrow::UInt8Array&>(column).Value(row);
    case arrow::Type::UINT16:
      return static_cast<const arrow::UInt16Array&>(column).Value(row);
    case arrow::Type::UINT32:
      return static_cast<const arrow::UInt32Array&>(column).Value(row);
    case arrow::Type::UINT64:
      return static_cast<const arrow::UInt64Array&>(column).Value(row);
    case arrow::Type::FLOAT:
    case arrow::Type::DOUBLE: {
      const double value = column.type_id() == arrow::Type::FLOAT
                               ? static_cast<const arrow::FloatArray&>(column).Value(row)
                               : static_cast<const arrow::DoubleArray&>(column).Value(row);
      // JSON has no NaN or infinity: show them as text.
      if (!std::isfinite(value)) return std::to_string(value);
      return value;
    }
    case arrow::Type::STRING:
      return static_cast<const arrow::StringArray&>(column).GetString(row);
    case arrow::Type::LARGE_STRING:
      return static_cast<const arrow::LargeStringArray&>(column).GetString(row);
    case arrow::Type::STRING_VIEW:
      return std::string(static_cast<const arrow::StringViewArray&>(column).GetView(row));
    default: {
      arrow::Result<std::shared_ptr<arrow::Scalar>> scalar = column.GetScalar(row);
      if (!scalar.ok()) return nullptr;
      return (*scalar)->ToString();
    }
  }
}

}  // namespace

Result<nlohmann::json> StreamToJsonRows(ArrowArrayStream* stream, std::int64_t max_rows) {
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> imported = arrow::ImportRecordBatchReader(stream);
  if (!imported.ok()) return Error(ErrorCode::kInternal, "Could not read the data stream.");
  std::shared_ptr<arrow::RecordBatchReader> reader = *imported;
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& field : reader->schema()->fields()) {
    columns.push_back({{"name", field->name()}, {"type", field->type()->ToString()}});
  }
  nlohmann::json rows = nlohmann::json::array();
  std::int64_t count = 0;
  while (count < max_rows) {
    std::shared_ptr<arrow::RecordBatch> batch;
    if (arrow::Status status = reader->ReadNext(&batch); !status.ok()) {
      (void)reader->Close();
      return ErrorFromStreamStatus(status);
    }
    if (!batch) break;
    for (std::int64_t row = 0; row < batch->num_rows() && count < max_rows; ++row, ++count) {
      nlohmann::json cells = nlohmann::json::array();
      for (int column = 0; column < batch->num_columns(); ++column) {
        cells.push_back(CellToJson(*batch->column(column), row));
      }
      rows.push_back(std::move(cells));
    }
  }
  (void)reader->Close();
  return nlohmann::json{{"columns", columns}, {"rows", rows}, {"row_count", count}};
}

}  // namespace flowfile::io
