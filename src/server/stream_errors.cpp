#include "src/server/stream_errors.h"

#include <array>
#include <string>
#include <string_view>

namespace flowfile::server {

Error ErrorFromStreamStatus(const arrow::Status& status) {
  constexpr std::array kCodes = {ErrorCode::kNotFound,
                                 ErrorCode::kPathNotFound,
                                 ErrorCode::kAlreadyExists,
                                 ErrorCode::kInvalidArgument,
                                 ErrorCode::kAccessDenied,
                                 ErrorCode::kInvalidEndpoint,
                                 ErrorCode::kTlsVerificationFailed,
                                 ErrorCode::kTampered,
                                 ErrorCode::kUnavailable,
                                 ErrorCode::kInternal};
  // Crossing the C stream interface prefixes the text with Arrow's status
  // name ("IOError: not_found: ..."), so that prefix is allowed once.
  std::string_view text = status.message();
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (ErrorCode code : kCodes) {
      const std::string prefix = std::string(ErrorCodeName(code)) + ": ";
      if (text.starts_with(prefix)) return Error(code, std::string(text.substr(prefix.size())));
    }
    const std::size_t colon = text.find(": ");
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 2);
  }
  return Error(ErrorCode::kInternal, "Reading the data failed part way: try again.");
}

}  // namespace flowfile::server
