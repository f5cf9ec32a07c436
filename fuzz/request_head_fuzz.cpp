// Fuzz target for the HTTP request head check that runs before httplib reads
// a request (src/server/request_head.h). Beyond "no crash, no sanitizer
// report": a head it lets through is framed one way only and within the
// limits: a length at most the route's limit, chunked only on a streaming
// route, and no refusal without a status and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/server/request_head.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowfile::server;
  const std::string_view head(reinterpret_cast<const char*>(data), size);
  HeadLimits limits;
  limits.max_head_bytes = 4096;  // small, so the fuzzer reaches the limits
  limits.max_header_count = 16;
  limits.max_body_bytes = 1024;
  limits.max_upload_bytes = 1 << 20;
  const HeadVerdict verdict = CheckRequestHead(head, limits, [](std::string_view method, std::string_view path) {
    return method == "POST" && path == "/up";
  });
  if (verdict.refusal) {
    if (verdict.refusal->status < 400 || verdict.refusal->status > 499 || verdict.refusal->message.empty())
      std::abort();
    return 0;
  }
  if (head.size() > limits.max_head_bytes) std::abort();
  switch (verdict.framing) {
    case BodyFraming::kLength:
      if (verdict.content_length > (verdict.streaming ? limits.max_upload_bytes : limits.max_body_bytes))
        std::abort();
      break;
    case BodyFraming::kChunked:
      if (!verdict.streaming) std::abort();
      break;
    case BodyFraming::kNone:
      break;
  }
  return 0;
}
