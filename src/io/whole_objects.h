// Reading small objects in one request. A Parquet reader asks for a file's
// footer, then for its column chunks: two round trips per file, which is
// most of the time of a folder of many small files. An object whose size the
// listing gave and that is at most kWholeObjectBytes is instead fetched whole
// with one GET when it is opened, and read from memory.
#pragma once

#include <arrow/filesystem/filesystem.h>

#include <cstdint>
#include <memory>

namespace flowfile::io {

// Objects up to this size are fetched whole: one GET of 1 MiB costs about
// what two small ranged GETs cost, and a few of them in flight is little
// memory.
inline constexpr std::int64_t kWholeObjectBytes = 1 << 20;

// Wraps `inner` (not null; paths, listings and writes are its own). Opening a
// file by a FileInfo of known size up to kWholeObjectBytes reads it whole;
// other opens are forwarded. The first object fetched whole is kept until it
// is opened a second time, so that a file read for its schema when a scan is
// planned is not fetched again when the scan runs (at most kWholeObjectBytes
// held while the plan lives). Thread-safe as `inner` is.
std::shared_ptr<arrow::fs::FileSystem> ReadSmallObjectsWhole(std::shared_ptr<arrow::fs::FileSystem> inner);

}  // namespace flowfile::io
