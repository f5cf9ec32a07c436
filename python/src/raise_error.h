// Turns engine errors into Python exceptions: the one place where the C++
// error model (Result/Status) meets Python's. The code -> class table itself
// lives in flowfile/errors.py, so Python and HTTP errors share it.
#pragma once

#include <nanobind/nanobind.h>

#include <optional>
#include <utility>

#include "flowfile/result.h"

namespace flowfile::python {

// The remedy as Python sees it: {"setting": ..., "value": bool | None}, or None.
nanobind::object RemedyToDict(const std::optional<Remedy>& remedy);

// Raises the flowfile exception for `error` (needs the GIL; never returns).
[[noreturn]] void RaiseError(const Error& error);

// Raises when `status` is an error.
inline void RaiseIfError(const Status& status) {
  if (!status.ok()) RaiseError(status.error());
}

// The value of `result`, or raises its error.
template <typename T>
T ValueOrRaise(Result<T> result) {
  if (!result.ok()) RaiseError(result.error());
  return std::move(result).value();
}

// Runs `work` with the GIL released, so network and disk waits do not block
// other Python threads. `work` must not touch Python objects.
template <typename Work>
auto WithoutGil(Work&& work) {
  nanobind::gil_scoped_release release;
  return work();
}

}  // namespace flowfile::python
