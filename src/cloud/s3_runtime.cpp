#include "src/cloud/s3_runtime.h"

#include <arrow/filesystem/s3fs.h>
#include <arrow/io/interfaces.h>
#include <arrow/util/thread_pool.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "src/cloud/aws_log_cap.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

// A scan stopped early (a cancelled run, `head`) can leave S3 reads in flight
// on Arrow's IO threads; finalising the SDK under them crashes the process.
// The wait is bounded: the pools are shared with the host (pyarrow in
// Python), whose tasks may never end or may wait for a lock the exiting
// thread holds, and exiting late is better than never.
void WaitBrieflyForIoToSettle() {
  constexpr auto kLongest = std::chrono::seconds(10);
  const auto deadline = std::chrono::steady_clock::now() + kLongest;
  auto* io = dynamic_cast<arrow::internal::ThreadPool*>(arrow::io::default_io_context().executor());
  while (io != nullptr && io->GetNumTasks() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Arrow requires FinalizeS3 before its own and the AWS SDK's statics are
// destroyed; an atexit handler runs before the statics created earlier.
void FinalizeS3AtExit() {
  WaitBrieflyForIoToSettle();
  (void)arrow::fs::EnsureS3Finalized();
}

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
        // So are Arrow's thread pools: made first, they are still there while
        // the handler waits for reads in flight and their callbacks.
        (void)arrow::io::default_io_context().executor();
        (void)arrow::internal::GetCpuThreadPool();
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
