// A frame's rows as the front ends show them: a preview as JSON rows, the
// rows printed to a descriptor in a text format, and the error of a stream
// that failed on its way out. Internal: for the server and the command line,
// which show rows but never open a file format themselves.
#pragma once

#include <arrow/status.h>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "flowfile/data.h"
#include "flowfile/error.h"
#include "flowfile/result.h"

struct ArrowArrayStream;

namespace flowfile::service {

// {"columns": [{"name", "type"}], "rows": [[...], ...], "row_count": n} of
// at most `max_rows` rows of `stream`, which it consumes. Values follow the
// one Arrow-to-JSON rule (io/ndjson_writer.h). Errors never carry Arrow's text.
Result<nlohmann::json> PreviewRows(ArrowArrayStream* stream, std::int64_t max_rows);

// Streams the rows of `frame` in request.format (request.path unused) into an
// open descriptor such as standard output. Failures keep their code.
Result<WriteResult> PrintRows(const LazyFrame& frame, const WriteRequest& request, int descriptor);

// The Error a frame's Arrow stream failed with (its code and masked message),
// never Arrow's own text.
Error StreamFailure(const arrow::Status& status);

}  // namespace flowfile::service
