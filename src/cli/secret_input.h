// How the flowfile command takes secrets: never from its arguments (they
// show in `ps` and shell history), only from standard input as JSON, from
// environment variables the user names, or from a prompt that does not echo.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "flowfile/connection.h"

namespace flowfile::cli {

// The secret flags of a create or update command.
struct SecretArguments {
  bool from_stdin = false;                     // --secrets-stdin
  std::vector<std::string> from_env;           // --secret-from-env FIELD=VARIABLE
  bool prompt = false;                         // --prompt-secrets
  std::vector<std::string> given_as_argument;  // --aws-secret-access-key ... (refused)

  // Registers the flags above, plus one refusing option per secret field
  // (--aws-secret-access-key, ...) so that a secret typed as an argument is
  // refused with the way to give it instead, and its value never echoed.
  void Register(CLI::App& command);
};

// How a command takes a password (users add, users passwd): the first line
// of standard input with --password-stdin or when it is not a terminal, else
// a hidden prompt asked twice. --password is refused like the secret flags.
struct PasswordArguments {
  bool from_stdin = false;         // --password-stdin
  bool given_as_argument = false;  // --password ... (refused)

  void Register(CLI::App& command);
  // Errors: kInvalidArgument for --password or two prompts that differ.
  Result<Secret> Read() const;
};

// The secrets the flags ask for. `needed` are the secret fields to prompt
// for when --prompt-secrets is given, or when nothing else gave secrets and
// standard input is a terminal (a create whose auth method needs them).
// Errors: kInvalidArgument naming the flag at fault.
Result<ConnectionSecrets> ReadSecrets(const SecretArguments& args, const std::vector<SecretField>& needed);

// Reads one line from the terminal without echoing it, after `prompt` on
// standard error. kInvalidArgument when standard input is not a terminal.
Result<Secret> PromptHidden(const std::string& prompt);

}  // namespace flowfile::cli
