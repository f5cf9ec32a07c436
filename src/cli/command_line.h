// How the flowfile command reads its command line. CLI11 parses it; a refused
// command line is reported by the flag or position at fault and how to fix
// it, never by the text of an argument: a secret typed where a flag expected
// something else must not reach a terminal, a log or a CI transcript. CLI11's
// own messages repeat the values ("Could not convert: --x = VALUE", "The
// following argument was not expected: VALUE"), so they are never printed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace flowfile::cli {

// Parses `args` (argv[1..], without the program name) into `app`. Returns
// std::nullopt when the parsed commands should run; otherwise the exit code
// the process ends with: 0 after --help or --version (printed on `out`), or
// the usage exit code after one "flowfile: ..." line on `err` that names the
// flag or argument position at fault, never an argument's value.
std::optional<int> ParseCommandLine(CLI::App& app, const std::vector<std::string>& args, std::ostream& out,
                                    std::ostream& err);

// The message for a command line `app` refused with `error`, made only of the
// app's own names (commands, flags, descriptions) and argument positions.
std::string DescribeRefusedCommandLine(const CLI::App& app, const CLI::ParseError& error,
                                       const std::vector<std::string>& args);

// True for an option that exists only to refuse a value typed as an argument
// (a secret or a password): hidden from --help and completion, its value
// dropped unseen, its description saying how to give the value instead.
bool IsRefusedOption(const CLI::Option& option);

// Adds such an option: `flag` (e.g. "--password"), `how_to` (shown when it is
// used), `given` (called, without the value, when the flag is parsed).
CLI::Option* AddRefusedOption(CLI::App& command, const std::string& flag, const std::string& how_to,
                              std::function<void()> given);

}  // namespace flowfile::cli
