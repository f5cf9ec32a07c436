// Writing: an Arrow C stream -> one object on cloud storage.
#pragma once

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"

struct ArrowArrayStream;

namespace flowfile::io {

// Streams `input` batch by batch into request.path (kOverwrite) or into a new
// "part-<uuid>.<ext>" object under the request.path folder (kAppend).
// Consumes `input`: it is released when done, also on error.
//
// Nothing partial is ever visible at the target. On S3 the object is written
// with a multipart upload that completes only on success and is aborted on
// any failure (S3 shows an object only once its upload completes). On other
// filesystems (GCS, Azure, local) it is written to a hidden ".flowfile-tmp-"
// name next to the target and moved into place on success (copied then
// deleted where the store cannot rename), deleted on failure; readers skip
// hidden names. (Arrow's Azure and GCS streams make a partial or empty
// object visible before Close, so they cannot be written in place.)
Result<WriteResult> Write(const cloud::CloudStorage& storage, const WriteRequest& request, ArrowArrayStream* input);

}  // namespace flowfile::io
