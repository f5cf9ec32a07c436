// JSON lines output. Arrow reads JSON but has no JSON writer; this is the
// one hand-written format piece, kept to Arrow's array types.
#pragma once

#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>

namespace flowfile::io {

// Writes each row of `batch` as one JSON object per line. Numbers and
// booleans stay JSON numbers/booleans (NaN and infinities become null),
// lists become arrays, structs objects, dictionaries their values;
// temporal, decimal, map and other types are written as their Arrow string form
// ("2024-01-02 03:04:05"). Binary columns are refused (no JSON form).
arrow::Status WriteNdjson(const arrow::RecordBatch& batch, arrow::io::OutputStream& out);

}  // namespace flowfile::io
