#include "src/io/stream_errors.h"

#include <optional>
#include <string>
#include <string_view>

namespace flowfile::io {

Error ErrorFromStreamStatus(const arrow::Status& status) {
  // Crossing the C stream interface prefixes the text with Arrow's status
  // name ("IOError: not_found: ..."), so that prefix is allowed once.
  std::string_view text = status.message();
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::size_t colon = text.find(": ");
    if (colon == std::string_view::npos) break;
    if (std::optional<ErrorCode> code = ErrorCodeFromName(text.substr(0, colon))) {
      return Error(*code, std::string(text.substr(colon + 2)));
    }
    text.remove_prefix(colon + 2);
  }
  return Error(ErrorCode::kInternal, "Reading the data failed part way: try again.");
}

}  // namespace flowfile::io
