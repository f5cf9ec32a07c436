#include "src/cloud/s3_runtime.h"

#include <arrow/filesystem/s3fs.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "src/cloud/aws_log_cap.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

// Arrow requires FinalizeS3 before its own and the AWS SDK's statics are
// destroyed; an atexit handler runs before the statics created earlier.
void FinalizeS3AtExit() { (void)arrow::fs::EnsureS3Finalized(); }

}  // namespace

Status EnsureS3Ready() {
  static std::mutex mutex;
  static bool ready = false;
  static std::string failure;
  std::lock_guard lock(mutex);
  // Before any request of ours: the SDK's log level is the host's when it
  // initialised the SDK first (pyarrow's initialize_s3 at Trace).
  CapAwsConsoleLog();
  if (!ready && failure.empty()) {
    if (arrow::fs::IsS3Initialized()) {
      ready = true;  // someone else in the process (pyarrow) already did it
    } else {
      arrow::fs::S3GlobalOptions options = arrow::fs::S3GlobalOptions::Defaults();
      if (options.log_level > arrow::fs::S3LogLevel::Warn) options.log_level = arrow::fs::S3LogLevel::Warn;
      options.install_sigpipe_handler = true;
      const arrow::Status status = GuardVendorCall([&] { return arrow::fs::InitializeS3(options); });
      if (status.ok()) {
        ready = true;
        // Arrow creates its S3 client registry (a function-local static) with
        // the first filesystem. Making one now, before registering the exit
        // handler, lets the handler run while the registry still exists.
        arrow::fs::S3Options probe = arrow::fs::S3Options::Anonymous();
        probe.endpoint_override = "127.0.0.1:1";
        probe.region = "us-east-1";
        (void)GuardVendorCall([&] { return arrow::fs::S3FileSystem::Make(probe); });
        std::atexit(FinalizeS3AtExit);
      } else {
        failure = status.message();
      }
    }
  }
  if (!ready) return Error(ErrorCode::kInternal, "Could not initialise S3 support: " + failure);
  return Status::Ok();
}

}  // namespace flowfile::cloud
