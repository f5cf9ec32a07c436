#include "src/server/request_head.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace flowfile::server {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

HeadVerdict Refuse(int status, std::string code, std::string message) {
  HeadVerdict verdict;
  verdict.refusal = HeadRefusal{status, std::move(code), std::move(message)};
  return verdict;
}

HeadVerdict BadRequest(std::string message) { return Refuse(400, "bad_request", std::move(message)); }

// The methods for which httplib reads a body (its expect_content()).
bool CarriesBody(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

std::string KiB(std::uint64_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

}  // namespace

HeadRefusal HeadTooLarge(const HeadLimits& limits) {
  return {431, "headers_too_large",
          "The request headers are too large (limit " + KiB(limits.max_head_bytes) + " and " +
              std::to_string(limits.max_header_count) + " headers)."};
}

namespace {

// What the framing of the body depends on, read from the request head.
struct HeadFields {
  std::string_view method, path;
  std::size_t hosts = 0, lengths = 0, encodings = 0;
  std::string_view length_value, encoding_value;
};

// Reads `head` (without its final CRLF) into `fields`; a refusal when a line
// is malformed or there are too many headers.
std::optional<HeadVerdict> ReadHeadFields(std::string_view head, const HeadLimits& limits, HeadFields& fields) {
  std::size_t header_count = 0;
  bool first = true;
  while (!head.empty()) {
    const std::size_t end = head.find("\r\n");
    std::string_view line = head.substr(0, end);
    head.remove_prefix(end + 2);
    // httplib ends a line at a bare LF and skips lines without CRLF: a line
    // we would read as one could be two to it.
    if (line.find_first_of("\r\n") != std::string_view::npos)
      return BadRequest("Lines of the request head must end with CRLF, with no bare CR or LF.");
    if (first) {
      first = false;
      const std::size_t space = line.find(' ');
      if (space == std::string_view::npos) return BadRequest("The request line must be 'METHOD target HTTP/1.1'.");
      fields.method = line.substr(0, space);
      std::string_view target = line.substr(space + 1);
      fields.path = target.substr(0, std::min(target.find(' '), target.find_first_of("?#")));
      continue;
    }
    if (++header_count > limits.max_header_count) return HeadVerdict{HeadTooLarge(limits)};
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return BadRequest("Each header line must be 'Name: value'.");
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar))
      return BadRequest("Header names must be tokens, with no space before the colon and no folded lines.");
    const std::string_view value = TrimSpaces(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "Host")) {
      ++fields.hosts;
    } else if (EqualsIgnoringCase(name, "Content-Length")) {
      ++fields.lengths;
      fields.length_value = value;
    } else if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      ++fields.encodings;
      fields.encoding_value = value;
    }
  }
  if (first) return BadRequest("The request line is missing.");
  return std::nullopt;
}

// The verdict on a body announced by one Content-Length.
HeadVerdict WithLength(const HeadFields& fields, const HeadLimits& limits, HeadVerdict verdict) {
  std::uint64_t length = 0;
  const char* begin = fields.length_value.data();
  const char* end = begin + fields.length_value.size();
  const bool digits =
      !fields.length_value.empty() && std::all_of(begin, end, [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::from_chars(begin, end, length).ptr != end)
    return BadRequest("Content-Length must be a whole number of bytes.");
  if (!CarriesBody(fields.method) && length > 0)
    return BadRequest("A " + std::string(fields.method) + " request takes no body.");
  const std::uint64_t limit = verdict.streaming ? limits.max_upload_bytes : limits.max_body_bytes;
  if (length > limit)
    return Refuse(413, "payload_too_large", "The request body is too large (limit " + KiB(limit) + ").");
  verdict.framing = length > 0 ? BodyFraming::kLength : BodyFraming::kNone;
  verdict.content_length = length;
  return verdict;
}

}  // namespace

HeadVerdict CheckRequestHead(std::string_view head, const HeadLimits& limits,
                             const StreamingRoutePredicate& is_streaming) {
  if (head.size() > limits.max_head_bytes) return HeadVerdict{HeadTooLarge(limits)};
  if (!head.ends_with("\r\n\r\n")) return BadRequest("The request headers must end with an empty line.");
  head.remove_suffix(2);
  HeadFields fields;
  if (std::optional<HeadVerdict> refused = ReadHeadFields(head, limits, fields)) return *refused;
  // Two Host headers may be read differently by a proxy and by us (which
  // one the embedded-mode Host check sees): refuse rather than pick.
  if (fields.hosts > 1) return BadRequest("The request has more than one Host header: send exactly one.");
  if (fields.lengths > 1 || fields.encodings > 1 || (fields.lengths == 1 && fields.encodings == 1)) {
    return BadRequest("Send one Content-Length, or one 'Transfer-Encoding: chunked', not several.");
  }

  HeadVerdict verdict;
  verdict.streaming = is_streaming && is_streaming(fields.method, fields.path);
  if (fields.encodings == 1) {
    if (!verdict.streaming) {
      return Refuse(411, "length_required", "Send this request with a Content-Length, not chunked.");
    }
    // httplib compares the whole value with "chunked" (case aside): any
    // other value would have it read the body until the client closes.
    if (!EqualsIgnoringCase(fields.encoding_value, "chunked"))
      return BadRequest("Transfer-Encoding must be 'chunked' (or send a Content-Length).");
    verdict.framing = BodyFraming::kChunked;
    return verdict;
  }
  if (fields.lengths == 1) return WithLength(fields, limits, std::move(verdict));
  // A DELETE without a length is read as having no body; the others would
  // be read until the client closes the connection.
  if (CarriesBody(fields.method) && fields.method != "DELETE") {
    return Refuse(411, "length_required", "Send this request with a Content-Length header.");
  }
  return verdict;
}

}  // namespace flowfile::server
