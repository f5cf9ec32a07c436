#include "src/io/compute_ready.h"

#include <arrow/compute/initialize.h>
#include <arrow/status.h>

#include <mutex>
#include <string>

namespace flowfile::io {

Status EnsureComputeReady() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] { status = arrow::compute::Initialize(); });
  if (!status.ok()) return Error(ErrorCode::kInternal, "Arrow compute did not initialise: " + status.message());
  return Status::Ok();
}

}  // namespace flowfile::io
