// Checks the head of an HTTP request (request line and headers) before
// httplib parses it, so that what a client may send is bounded and framed
// one way only. httplib 0.11 reads a body without a length until the client
// closes, honours only a lower-case "chunked" for its own size limit, and
// grows a header line or the header list without limit; a head this check
// accepts is read by httplib as bounded as its verdict says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace flowfile::server {

struct HeadLimits {
  // Request line plus headers, CRLFs included. Default: 32 KiB.
  std::size_t max_head_bytes = 32 * 1024;
  // Header lines. Default: 64.
  std::size_t max_header_count = 64;
  // Body of a route that httplib reads whole. Default: 1 MiB.
  std::uint64_t max_body_bytes = 1 << 20;
  // Body of a route that reads its body as it arrives. Default: 64 GiB.
  std::uint64_t max_upload_bytes = std::uint64_t{64} << 30;
};

// Why a head is refused: the HTTP status, the error envelope's code and a
// message saying what to change.
struct HeadRefusal {
  int status = 400;
  std::string code;
  std::string message;
};

enum class BodyFraming { kNone, kLength, kChunked };

struct HeadVerdict {
  std::optional<HeadRefusal> refusal;  // set when the request must not be served
  BodyFraming framing = BodyFraming::kNone;
  std::uint64_t content_length = 0;  // with kLength
  bool streaming = false;            // the route reads its body as it arrives
};

// Whether `method` on `path` (no query) is a route that reads its body
// itself and so may receive a chunked body of up to max_upload_bytes.
using StreamingRoutePredicate = std::function<bool(std::string_view method, std::string_view path)>;

// The refusal (431) of a head longer than limits allow.
HeadRefusal HeadTooLarge(const HeadLimits& limits);

// `head` is everything up to and including the blank line that ends the
// headers. Refuses (with 400, 411, 413 or 431) what httplib would read
// unbounded or differently from us: bare CR or LF, folded or nameless
// header lines, too many headers, repeated Host, Content-Length or
// Transfer-Encoding, both of the latter, a Transfer-Encoding other than
// "chunked" or on a route that does not stream, a body-carrying method
// without a length, a body on a method that takes none, a length over the
// route's limit.
HeadVerdict CheckRequestHead(std::string_view head, const HeadLimits& limits,
                             const StreamingRoutePredicate& is_streaming);

}  // namespace flowfile::server
