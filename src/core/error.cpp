#include "flowfile/error.h"

namespace flowfile {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kPathNotFound:
      return "path_not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kAccessDenied:
      return "access_denied";
    case ErrorCode::kInvalidEndpoint:
      return "invalid_endpoint";
    case ErrorCode::kTlsVerificationFailed:
      return "tls_verification_failed";
    case ErrorCode::kTampered:
      return "tampered";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::optional<ErrorCode> ErrorCodeFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

Error InvalidField(std::string_view field, std::string_view problem) {
  return Error(ErrorCode::kInvalidArgument, std::string(field) + " " + std::string(problem), std::string(field));
}

std::string Error::ToString() const { return std::string(ErrorCodeName(code_)) + ": " + message_; }

}  // namespace flowfile
