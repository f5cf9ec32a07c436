// Copying files byte for byte between two FileSpaces (local disk, or any
// connection's storage), one file or a folder's files.
#pragma once

#include "flowfile/files.h"
#include "src/io/file_space.h"

namespace flowfile::io {

// Bytes read and written per step: the bound on a copy's memory besides the
// upload buffers of the destination's stream.
inline constexpr std::int64_t kCopyChunkBytes = 8 << 20;

// Copies the file at `from` to `to` (into it, keeping the file's name, when
// `to` names a folder or is an existing one), or with options.recursive the
// files below the folder at `from` to the same paths below `to`. Files are
// streamed in chunks (S3 destinations as multipart uploads) and each appears
// whole or not at all (atomic_output.h); within one connection the storage
// copies server-side. Stops at the first failure; files copied before it
// stay. `progress` may be empty.
Result<CopyResult> Copy(const FileSpace& from, const FileSpace& to, const CopyOptions& options,
                        const CopyProgressCallback& progress);

}  // namespace flowfile::io
