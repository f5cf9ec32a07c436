// JSON lines output. Arrow reads JSON but has no JSON writer; this is the
// one hand-written format piece, kept to Arrow's array types.
#pragma once

#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>

#include <cstdint>
#include <string>

namespace flowfile::io {

// Writes each row of `batch` as one JSON object per line. Numbers and
// booleans stay JSON numbers/booleans (NaN and infinities become null),
// lists become arrays, structs objects, dictionaries their values;
// temporal, decimal, map and other types are written as their Arrow string form
// ("2024-01-02 03:04:05"). Binary columns are refused (no JSON form).
arrow::Status WriteNdjson(const arrow::RecordBatch& batch, arrow::io::OutputStream& out);

// Appends the value at `row` of `array` as JSON text, by the rules above
// (binary values as Arrow's text form). The one Arrow-to-JSON rule of
// flowfile: JSON lines output and data previews (arrow_rows.h) both use it.
arrow::Status AppendJsonValue(const arrow::Array& array, std::int64_t row, std::string& out);

}  // namespace flowfile::io
