// The one place where exceptions from vendor code (Arrow, and the AWS, Azure
// and Google SDKs behind it) become Arrow errors. The Azure SDK throws where
// Arrow does not catch (its identity client on a failed token request), and
// an exception that leaves a thread ends the process: every call into a
// filesystem, a stream or a credential goes through GuardVendorCall.
#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

#include <exception>

namespace flowfile::cloud {

// Runs `call` (returning arrow::Status or arrow::Result<T>) and gives any
// exception it throws back as an IOError quoting the exception's text. That
// text is provider text like any other: callers map and mask it
// (MapCloudError) before it leaves the cloud layer.
template <typename Call>
auto GuardVendorCall(Call&& call) noexcept -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& exception) {
    return arrow::Status::IOError("The storage client failed: ", exception.what());
  } catch (...) {
    return arrow::Status::IOError("The storage client failed with an unknown exception.");
  }
}

}  // namespace flowfile::cloud
