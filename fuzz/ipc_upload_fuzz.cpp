// Fuzz target for uploads of rows (/api/data/write): the request body, as an
// Arrow IPC stream of any bytes, arrives in pieces of varying size and is
// decoded by WriteArrowUpload while a writer thread pulls the batches.
// Every input must end in a result or an error, with the whole body read:
// no crash, no hang, no sanitizer report. The first byte sets the size of
// the pieces.
#include <arrow/c/bridge.h>
#include <arrow/record_batch.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/server/ipc_upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowfile;
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t delivered = 0;
  const httplib::ContentReader reader(
      [&](httplib::ContentReceiver receive) {
        for (std::size_t at = 0; at < body.size(); at += piece) {
          const std::size_t length = std::min(piece, body.size() - at);
          delivered += length;
          if (!receive(body.data() + at, length)) return false;
        }
        return true;
      },
      [](httplib::MultipartContentHeader, httplib::ContentReceiver) { return false; });
  auto write = [](ArrowArrayStream* input) -> Result<WriteResult> {
    auto imported = arrow::ImportRecordBatchReader(input);
    if (!imported.ok()) return Error(ErrorCode::kInvalidArgument, "not a stream");
    WriteResult result;
    while (true) {
      std::shared_ptr<arrow::RecordBatch> batch;
      if (!(*imported)->ReadNext(&batch).ok()) return Error(ErrorCode::kInvalidArgument, "bad batch");
      if (batch == nullptr) return result;
      if (!batch->Validate().ok()) std::abort();  // a batch handed on must be well formed
    }
  };
  (void)server::WriteArrowUpload(reader, write);
  if (delivered != body.size()) std::abort();  // the whole body is read, also on error
  return 0;
}
