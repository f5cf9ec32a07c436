// Reading CSV in encodings other than UTF-8: Arrow parses UTF-8 only, so
// each file stream is transcoded on the fly.
#pragma once

#include <arrow/io/interfaces.h>

#include <functional>
#include <memory>
#include <string_view>

#include "flowfile/result.h"

namespace flowfile::io {

using StreamTransform =
    std::function<arrow::Result<std::shared_ptr<arrow::io::InputStream>>(std::shared_ptr<arrow::io::InputStream>)>;

// A wrapper that converts a stream from `encoding` (any name iconv knows:
// "latin1", "cp1252", "utf-16", ...) to UTF-8; an empty function for UTF-8
// itself; "utf8-lossy" replaces invalid UTF-8 with U+FFFD. kInvalidArgument
// names an unknown encoding.
Result<StreamTransform> MakeTranscoder(std::string_view encoding);

}  // namespace flowfile::io
