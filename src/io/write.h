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
// Nothing partial is ever visible at the target (see atomic_output.h).
Result<WriteResult> Write(const cloud::CloudStorage& storage, const WriteRequest& request,
                          ArrowArrayStream* input);

// Streams `input` in request.format (request.path unused) into an open file
// descriptor such as standard output, for a command that prints data.
// Consumes `input`. Failures of the input keep their code (stream_errors.h).
Result<WriteResult> WriteToDescriptor(const WriteRequest& request, ArrowArrayStream* input, int descriptor);

}  // namespace flowfile::io
