#include "src/cli/exit_codes.h"

#include <array>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "src/cli/connection_arguments.h"

namespace flowfile::cli {
namespace {

struct ExitCode {
  ErrorCode code;
  int exit_code;
  std::string_view meaning;
};

// In exit code order, so --help lists them that way; every ErrorCode once.
constexpr std::array<ExitCode, 10> kExitCodes = {{
    {ErrorCode::kInternal, 1, "internal error"},
    {ErrorCode::kInvalidArgument, 2, "invalid argument or command line"},
    {ErrorCode::kNotFound, 3, "not found (connection)"},
    {ErrorCode::kPathNotFound, 3, "not found (bucket, object or file)"},
    {ErrorCode::kAlreadyExists, 4, "already exists"},
    {ErrorCode::kAccessDenied, 5, "access denied"},
    {ErrorCode::kInvalidEndpoint, 6, "invalid or unreachable endpoint"},
    {ErrorCode::kTlsVerificationFailed, 7, "SSL verification failed"},
    {ErrorCode::kTampered, 8, "tampered secret"},
    {ErrorCode::kUnavailable, 9, "unavailable, try again"},
}};

// What a command-line user does about an error (the engine's message says
// what happened, in words every front end shares): the remedy's setting as
// its flag, or what to do about a missing or duplicate connection.
std::string HintFor(const Error& error) {
  if (const std::optional<Remedy>& remedy = error.remedy()) {
    if (remedy->value) {
      return " For local/dev endpoints only, pass " + FlagOf(remedy->setting) +
             (*remedy->value ? " true." : " false.");
    }
    return " Check the connection's " + FlagOf(remedy->setting) + ".";
  }
  if (error.field() != "connection_name") return {};
  if (error.code() == ErrorCode::kNotFound) return " List them with `flowfile connections list`.";
  if (error.code() == ErrorCode::kAlreadyExists) return " Or add --if-not-exists to keep it.";
  return {};
}

}  // namespace

int ExitCodeFor(const Error& error) {
  for (const ExitCode& entry : kExitCodes) {
    if (entry.code == error.code()) return entry.exit_code;
  }
  return 1;
}

int UsageExitCode() { return ExitCodeFor(Error(ErrorCode::kInvalidArgument, "")); }

int Fail(const Error& error) {
  std::cerr << "flowfile: " << error.message() << HintFor(error) << "\n";
  return ExitCodeFor(error);
}

std::string ExitCodesHelp() {
  std::string help = "Exit codes:\n  0  success\n";
  for (const ExitCode& entry : kExitCodes) {
    help += "  " + std::to_string(entry.exit_code) + "  " + std::string(entry.meaning) + "\n";
  }
  return help;
}

}  // namespace flowfile::cli
