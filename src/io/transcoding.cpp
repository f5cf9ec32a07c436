#include "src/io/transcoding.h"

#include <arrow/buffer.h>
#include <arrow/io/transform.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <string>

namespace flowfile::io {
namespace {

// One iconv conversion state per stream; keeps the bytes of a character
// split across two buffers for the next call.
// With `lossy`, a byte that starts no valid character becomes U+FFFD
// instead of failing the read (Flowfile's and polars' "utf8-lossy").
class Transcoder {
 public:
  Transcoder(iconv_t handle, bool lossy) : handle_(handle), lossy_(lossy) {}
  ~Transcoder() { iconv_close(handle_); }
  Transcoder(const Transcoder&) = delete;
  Transcoder& operator=(const Transcoder&) = delete;

  arrow::Result<std::shared_ptr<arrow::Buffer>> Convert(const std::shared_ptr<arrow::Buffer>& chunk) {
    pending_.append(reinterpret_cast<const char*>(chunk->data()), static_cast<std::size_t>(chunk->size()));
    std::string out(pending_.size() * 4 + 16, '\0');
    char* in_ptr = pending_.data();
    std::size_t in_left = pending_.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    while (iconv(handle_, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) &&
           errno != EINVAL) {
      if (!lossy_ || errno != EILSEQ) {
        return arrow::Status::Invalid("CSV text is not valid in the declared encoding (byte ",
                                      pending_.size() - in_left, " of a chunk)");
      }
      // Room is certain: the buffer holds four bytes per input byte, U+FFFD takes three for one.
      out_ptr = std::copy_n(kReplacement.data(), kReplacement.size(), out_ptr);
      out_left -= kReplacement.size();
      ++in_ptr;
      --in_left;
    }
    // EINVAL: an incomplete sequence at the end; it is completed by the next chunk.
    if (chunk->size() == 0 && in_left > 0) return arrow::Status::Invalid("CSV text ends inside a character");
    pending_.erase(0, pending_.size() - in_left);
    out.resize(out.size() - out_left);
    return arrow::Buffer::FromString(std::move(out));
  }

 private:
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  iconv_t handle_;
  bool lossy_;
  std::string pending_;
};

std::string Normalized(std::string_view encoding) {
  std::string name;
  for (char c : encoding) {
    if (c != '-' && c != '_') name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

// iconv_open fails with (iconv_t)-1: compared as an integer, so that no
// integer is turned into a pointer.
bool OpenFailed(iconv_t handle) { return reinterpret_cast<std::intptr_t>(handle) == -1; }

}  // namespace

Result<StreamTransform> MakeTranscoder(std::string_view encoding) {
  if (encoding.empty() || Normalized(encoding) == "utf8") return StreamTransform{};
  const bool lossy = Normalized(encoding) == "utf8lossy";
  const std::string name = lossy ? "UTF-8" : std::string(encoding);
  iconv_t probe = iconv_open("UTF-8", name.c_str());
  if (OpenFailed(probe)) {
    return Error(ErrorCode::kInvalidArgument,
                 "CSV encoding '" + name +
                     "' is not known: use utf8, utf8-lossy, latin1, cp1252, utf-16 or another iconv name.");
  }
  iconv_close(probe);
  return StreamTransform([name, lossy](std::shared_ptr<arrow::io::InputStream> wrapped)
                             -> arrow::Result<std::shared_ptr<arrow::io::InputStream>> {
    iconv_t handle = iconv_open("UTF-8", name.c_str());
    if (OpenFailed(handle)) return arrow::Status::Invalid("cannot open encoding ", name);
    auto transcoder = std::make_shared<Transcoder>(handle, lossy);
    return std::make_shared<arrow::io::TransformInputStream>(
        std::move(wrapped),
        [transcoder](const std::shared_ptr<arrow::Buffer>& chunk) { return transcoder->Convert(chunk); });
  });
}

}  // namespace flowfile::io
