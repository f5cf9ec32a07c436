// What the command-line fuzz target and the command-line unit test share: a
// command tree made of the flowfile command's own argument pieces (the
// connection fields, the refused secret and password flags, --output) and
// one option of every other kind CLI11 can refuse (numbers, lists, choices,
// exclusions, required positions and subcommands), so every parse error
// path is reached without the engine behind the real commands.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "src/cli/connection_arguments.h"
#include "src/cli/output.h"
#include "src/cli/secret_input.h"

namespace flowfile::fuzzing {

struct CommandLineUnderTest {
  CLI::App app{"flowfile under test"};
  cli::ConnectionArguments create;
  cli::ConnectionArguments update;
  cli::PasswordArguments password;
  cli::OutputFormat output = cli::OutputFormat::kJson;
  std::string user, url, shell, key_file, key_variable, database_url, path;
  std::vector<std::string> columns;
  int rows = 10;
  int port = 0;
  std::int64_t token_id = 0;
  bool admin = false;
  bool if_not_exists = false;
};

// A fresh tree (CLI11 apps keep what they parsed).
std::unique_ptr<CommandLineUnderTest> MakeCommandLineUnderTest();

// The flags whose values are secrets, or may hold one (a database URL with
// its password), in the tree above.
const std::vector<std::string>& SecretBearingFlags();

}  // namespace flowfile::fuzzing
