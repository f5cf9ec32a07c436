#include "src/cli/connection_arguments.h"

#include <algorithm>

#include "flowfile/connection_fields.h"

namespace flowfile::cli {

std::string FlagOf(std::string_view field) {
  std::string flag = "--" + std::string(field);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

void ConnectionArguments::Register(CLI::App& command, bool for_update) {
  command.add_option("name", name, "Connection name")->required();
  auto* storage = command.add_option("--storage-type", storage_type, "s3, adls or gcs");
  command.add_option("--auth-method", auth_method,
                     "access_key, aws-cli, iam_role, ...; default: the storage type's credential chain "
                     "(aws-cli for s3, managed_identity for adls, env_vars for gcs)");
  if (!for_update) storage->capture_default_str();
  for (const TextFieldSpec& field : kTextFields) {
    command.add_option_function<std::string>(
        FlagOf(field.name),
        [this, name = std::string(field.name)](const std::string& value) { text[name] = value; });
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    command.add_option_function<bool>(
        FlagOf(field.name), [this, name = std::string(field.name)](bool value) { flags[name] = value; },
        "true or false");
  }
  secrets.Register(command);
}

void ConnectionArguments::ApplyTo(ConnectionInfo& info) const {
  for (const TextFieldSpec& field : kTextFields) {
    if (auto it = text.find(std::string(field.name)); it != text.end()) info.*field.member = it->second;
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    if (auto it = flags.find(std::string(field.name)); it != flags.end()) info.*field.member = it->second;
  }
}

}  // namespace flowfile::cli
