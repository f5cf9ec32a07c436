#include "src/cli/exit_codes.h"

#include <iostream>

namespace flowfile::cli {

int ExitCodeFor(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kInvalidArgument: return 2;
    case ErrorCode::kNotFound: return 3;
    case ErrorCode::kPathNotFound: return 3;
    case ErrorCode::kAlreadyExists: return 4;
    case ErrorCode::kAccessDenied: return 5;
    case ErrorCode::kInvalidEndpoint: return 6;
    case ErrorCode::kTlsVerificationFailed: return 7;
    case ErrorCode::kTampered: return 8;
    case ErrorCode::kUnavailable: return 9;
    case ErrorCode::kInternal: return 1;
  }
  return 1;
}

int Fail(const Error& error) {
  std::cerr << "flowfile: " << error.message() << "\n";
  return ExitCodeFor(error);
}

}  // namespace flowfile::cli
