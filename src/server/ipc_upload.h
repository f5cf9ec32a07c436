// Writes rows that a client uploads as an Arrow IPC stream
// (application/vnd.apache.arrow.stream), with bounded memory whatever their size.
#pragma once

#include <httplib.h>

#include <functional>

#include "flowfile/data.h"
#include "flowfile/result.h"

struct ArrowArrayStream;

namespace flowfile::server {

// Consumes the Arrow C stream it is given (as UserSession::Write does).
using StreamWriter = std::function<Result<WriteResult>(ArrowArrayStream* input)>;

// Decodes the request body on this thread as it arrives while `write` pulls
// the batches on a worker thread, a few batches apart. The whole body is
// read even when `write` fails early, so the client gets the answer rather
// than a broken pipe. A body that is not a complete Arrow IPC stream (cut
// off, malformed, no end-of-stream marker) fails the write, which then
// leaves nothing behind.
Result<WriteResult> WriteArrowUpload(const httplib::ContentReader& body, const StreamWriter& write);

// Reads and discards the rest of a request body.
void DiscardBody(const httplib::ContentReader& body);

}  // namespace flowfile::server
