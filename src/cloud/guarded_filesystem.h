// An arrow::fs::FileSystem that forwards to another one with every call,
// and every call on the streams it opens, inside GuardVendorCall: whatever
// thread reads or writes (ours, a detached check, Arrow's I/O pool), a
// vendor exception arrives as an arrow::Status instead of ending the process.
#pragma once

#include <arrow/filesystem/filesystem.h>

#include <memory>

namespace flowfile::cloud {

// Wraps `inner` (not null). type_name() and paths are the inner
// filesystem's, so callers cannot tell the two apart except by never seeing
// an exception. Thread safety: that of `inner`.
std::shared_ptr<arrow::fs::FileSystem> GuardFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner);

}  // namespace flowfile::cloud
