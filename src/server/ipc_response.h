// Sends a frame's rows as an Arrow IPC stream (application/vnd.apache.arrow.stream),
// batch by batch with chunked transfer encoding, so memory stays bounded
// whatever the size of the data.
#pragma once

#include <httplib.h>

#include "flowfile/result.h"

struct ArrowArrayStream;

namespace flowfile::server {

inline constexpr const char* kArrowStreamMediaType = "application/vnd.apache.arrow.stream";

// Takes ownership of `stream`. Reads the first batch before answering, so a
// failure at the start (a missing object, denied access) is returned here
// and sent as the JSON error envelope. A failure later ends the response
// without its final chunk: the client sees a truncated body, never a stream
// that ends cleanly with rows missing.
Status SendArrowStream(ArrowArrayStream* stream, httplib::Response& response);

}  // namespace flowfile::server
