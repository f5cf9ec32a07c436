// Fuzz target for the flowfile command's argument parser (command_line.h)
// over a tree of the command's own argument pieces (command_line_fuzz.h).
// The input is the argument list, split at NUL bytes. Every byte 0x01 in it
// becomes a canary, so the fuzzer plants secret-like values anywhere: after
// a secret-bearing flag (--aws-secret-access-key, --password,
// --database-url, ...), glued to a flag with '=', where a number, a choice
// or nothing at all is expected. Beyond "no crash, no sanitizer report":
// no output, help or error, ever holds a canary; a refused command line
// exits with the usage code and one "flowfile: " line; an accepted one
// prints nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/command_line_fuzz.h"
#include "src/cli/command_line.h"
#include "src/cli/exit_codes.h"

namespace {

using namespace flowfile;

constexpr std::string_view kCanary = "CaNaRy";
constexpr std::size_t kMaxArguments = 24;

void Require(bool property) {
  if (!property) std::abort();
}

// The arguments of `input`, each marker byte replaced by a distinct canary.
std::vector<std::string> Arguments(std::string_view input) {
  std::vector<std::string> args(1);
  int canaries = 0;
  for (char c : input) {
    if (c == '\0') {
      if (args.size() == kMaxArguments) break;
      args.emplace_back();
    } else if (c == '\x01') {
      args.back() += std::string(kCanary) + std::to_string(canaries++) + "x9Qz/+w";
    } else {
      args.back() += c;
    }
  }
  return args;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> args = Arguments(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto tree = fuzzing::MakeCommandLineUnderTest();
  std::ostringstream out, err;
  const std::optional<int> ended = cli::ParseCommandLine(tree->app, args, out, err);
  Require(out.str().find(kCanary) == std::string::npos);
  Require(err.str().find(kCanary) == std::string::npos);
  if (!ended.has_value()) {
    Require(out.str().empty() && err.str().empty());
  } else if (*ended == 0) {
    Require(!out.str().empty());  // --help or --version
  } else {
    Require(*ended == cli::UsageExitCode());
    const std::string message = err.str();
    Require(message.starts_with("flowfile: ") && message.find('\n') == message.size() - 1);
  }
  return 0;
}
