#include "src/service/frame_output.h"

#include <arrow/c/abi.h>

#include "src/io/arrow_rows.h"
#include "src/io/stream_errors.h"
#include "src/io/write.h"

namespace flowfile::service {

Result<nlohmann::json> PreviewRows(ArrowArrayStream* stream, std::int64_t max_rows) {
  return io::StreamToJsonRows(stream, max_rows);
}

Result<WriteResult> PrintRows(const LazyFrame& frame, const WriteRequest& request, int descriptor) {
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(frame.ExportStream(&stream));
  return io::WriteToDescriptor(request, &stream, descriptor);
}

Error StreamFailure(const arrow::Status& status) { return io::ErrorFromStreamStatus(status); }

}  // namespace flowfile::service
