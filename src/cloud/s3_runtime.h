// The process-wide AWS SDK state behind Arrow's S3 filesystem.
#pragma once

#include "flowfile/result.h"

namespace flowfile::cloud {

// Initialises Arrow's S3 support once per process, with the AWS SDK log level
// at Warn (its Info/Debug output can quote request headers), and arranges for
// it to be finalised at exit, before static destructors run (after up to
// 10 s for reads still in flight on Arrow's IO threads). When the host
// process initialised it first, at any level, the SDK's console log is
// capped at Warn all the same (aws_log_cap.h). Thread-safe.
Status EnsureS3Ready();

}  // namespace flowfile::cloud
