#include "src/cli/secret_input.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string_view>

#include "src/cli/command_line.h"

namespace flowfile::cli {
namespace {

std::string FlagOf(SecretField field) {
  std::string flag = "--" + std::string(SecretFieldName(field));
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

constexpr std::string_view kPasswordHowTo =
    "passwords are never taken as arguments (they show in ps and shell history): use --password-stdin, or "
    "type it at the prompt on a terminal.";

std::string HowToGive(SecretField field) {
  const std::string name(SecretFieldName(field));
  return "secrets are never taken as arguments (they show in ps and shell history): pipe "
         "{\"" +
         name + "\": \"...\"} into --secrets-stdin, name a variable with --secret-from-env " + name +
         "=VARIABLE, or use --prompt-secrets on a terminal.";
}

Status ReadFromStdin(ConnectionSecrets& secrets) {
  const std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  const nlohmann::json parsed = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return InvalidField("--secrets-stdin",
                        "expects a JSON object of secret fields on standard input, e.g. "
                        "{\"aws_secret_access_key\": \"...\"}.");
  }
  for (const auto& [key, value] : parsed.items()) {
    FLOWFILE_ASSIGN_OR_RETURN(SecretField field, ParseSecretField(key));
    if (!value.is_string()) return InvalidField(key, "must be a string.");
    secrets.set(field, Secret(value.get_ref<const std::string&>()));
  }
  return Status::Ok();
}

Status ReadFromEnvironment(const std::string& binding, ConnectionSecrets& secrets) {
  const std::size_t equals = binding.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == binding.size()) {
    return InvalidField("--secret-from-env", "expects FIELD=VARIABLE, e.g. aws_secret_access_key=AWS_SECRET.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(SecretField field, ParseSecretField(binding.substr(0, equals)));
  const std::string variable = binding.substr(equals + 1);
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || *value == '\0') {
    // The name is not repeated: a secret typed in its place would be printed.
    return InvalidField("--secret-from-env", "names a variable for " + std::string(SecretFieldName(field)) +
                                                 " that is not set or empty (its name is not repeated, in case "
                                                 "a secret was typed in its place).");
  }
  secrets.set(field, Secret(value));
  return Status::Ok();
}

bool AnySet(const ConnectionSecrets& secrets) {
  return std::any_of(kAllSecretFields.begin(), kAllSecretFields.end(),
                     [&](SecretField field) { return secrets.has(field); });
}

}  // namespace

void SecretArguments::Register(CLI::App& command) {
  command.add_flag("--secrets-stdin", from_stdin,
                   "Read secrets as a JSON object from standard input, e.g. {\"aws_secret_access_key\": \"...\"}");
  command.add_option("--secret-from-env", from_env,
                     "Take a secret from an environment variable: FIELD=VARIABLE (repeatable)");
  command.add_flag("--prompt-secrets", prompt, "Ask for the auth method's secrets on the terminal (not echoed)");
  for (SecretField field : kAllSecretFields) {
    AddRefusedOption(command, FlagOf(field), HowToGive(field),
                     [this, field] { given_as_argument.push_back(FlagOf(field)); });
  }
}

void PasswordArguments::Register(CLI::App& command) {
  command.add_flag("--password-stdin", from_stdin, "Read the password from the first line of standard input");
  AddRefusedOption(command, "--password", std::string(kPasswordHowTo), [this] { given_as_argument = true; });
}

Result<Secret> PasswordArguments::Read() const {
  if (given_as_argument) return InvalidField("--password", "refused: " + std::string(kPasswordHowTo));
  if (from_stdin || isatty(STDIN_FILENO) != 1) {
    std::string line;
    std::getline(std::cin, line);
    Secret password(line);
    std::fill(line.begin(), line.end(), '\0');
    return password;
  }
  FLOWFILE_ASSIGN_OR_RETURN(Secret password, PromptHidden("Password: "));
  FLOWFILE_ASSIGN_OR_RETURN(Secret again, PromptHidden("Password again: "));
  if (!(password == again)) return InvalidField("password", "the two passwords differ: try again.");
  return password;
}

Result<ConnectionSecrets> ReadSecrets(const SecretArguments& args, const std::vector<SecretField>& needed) {
  for (SecretField field : kAllSecretFields) {
    if (std::find(args.given_as_argument.begin(), args.given_as_argument.end(), FlagOf(field)) !=
        args.given_as_argument.end()) {
      return InvalidField(FlagOf(field), "refused: " + HowToGive(field));
    }
  }
  ConnectionSecrets secrets;
  if (args.from_stdin) FLOWFILE_RETURN_IF_ERROR(ReadFromStdin(secrets));
  for (const std::string& binding : args.from_env) FLOWFILE_RETURN_IF_ERROR(ReadFromEnvironment(binding, secrets));
  const bool ask = args.prompt || (!AnySet(secrets) && !args.from_stdin && isatty(STDIN_FILENO) == 1);
  if (!ask) return secrets;
  for (SecretField field : needed) {
    if (secrets.has(field)) continue;
    FLOWFILE_ASSIGN_OR_RETURN(Secret value, PromptHidden(std::string(SecretFieldName(field)) + ": "));
    secrets.set(field, std::move(value));
  }
  return secrets;
}

Result<Secret> PromptHidden(const std::string& prompt) {
  if (isatty(STDIN_FILENO) != 1) {
    return InvalidField("--prompt-secrets", "needs a terminal: use --secrets-stdin or --secret-from-env instead.");
  }
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::cerr << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  Secret value(line);
  std::fill(line.begin(), line.end(), '\0');
  return value;
}

}  // namespace flowfile::cli
