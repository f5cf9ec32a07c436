// Renders the first rows of an Arrow C stream as JSON for the data preview.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "flowfile/result.h"

struct ArrowArrayStream;

namespace flowfile::io {

// {"columns": [{"name", "type"}], "rows": [[...], ...], "row_count": n}.
// Reads at most `max_rows` rows, then releases the stream. Values follow the
// one Arrow-to-JSON rule of AppendJsonValue (ndjson_writer.h): numbers and
// booleans stay JSON numbers and booleans, nulls, NaN and infinities are null,
// lists arrays, structs objects, everything else text. Errors never carry
// Arrow's own text.
Result<nlohmann::json> StreamToJsonRows(ArrowArrayStream* stream, std::int64_t max_rows);

}  // namespace flowfile::io
