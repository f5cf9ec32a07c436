#include "src/io/arrow_rows.h"

#include <arrow/api.h>
#include <arrow/c/bridge.h>

#include <string>

#include "src/io/ndjson_writer.h"
#include "src/io/stream_errors.h"

namespace flowfile::io {
namespace {

// A cell by the one Arrow-to-JSON rule (ndjson_writer.h): NaN and infinities
// are null, lists arrays, structs objects, other types their text form.
Result<nlohmann::json> CellToJson(const arrow::Array& column, std::int64_t row) {
  std::string text;
  if (!AppendJsonValue(column, row, text).ok()) {
    return Error(ErrorCode::kInternal, "Could not show a value of column type " + column.type()->ToString() + ".");
  }
  nlohmann::json cell = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  // Text that is not UTF-8 has no JSON form: show it escaped as written.
  if (cell.is_discarded()) return nlohmann::json(text);
  return cell;
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
        Result<nlohmann::json> cell = CellToJson(*batch->column(column), row);
        if (!cell.ok()) {
          (void)reader->Close();
          return cell.error();
        }
        cells.push_back(std::move(*cell));
      }
      rows.push_back(std::move(cells));
    }
  }
  (void)reader->Close();
  return nlohmann::json{{"columns", columns}, {"rows", rows}, {"row_count", count}};
}

}  // namespace flowfile::io
