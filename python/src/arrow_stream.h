// Arrow C stream interface <-> PyCapsule (the Arrow PyCapsule protocol), so
// pyarrow, polars and DuckDB read our frames, and we read theirs, without
// copying data.
#pragma once

#include <nanobind/nanobind.h>

#include <arrow/c/abi.h>

#include <memory>

namespace flowfile::python {

// Wraps a filled stream in a capsule named "arrow_array_stream" that
// releases the stream if no consumer took it.
nanobind::capsule StreamToCapsule(std::unique_ptr<ArrowArrayStream> stream);

// Moves the stream out of an "arrow_array_stream" capsule, leaving the
// capsule's copy released (as the protocol says a consumer must). Raises
// TypeError for anything else.
std::unique_ptr<ArrowArrayStream> StreamFromCapsule(nanobind::handle capsule);

}  // namespace flowfile::python
