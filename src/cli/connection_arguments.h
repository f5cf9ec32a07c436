// The fields a `connections create` or `update` command takes, as typed on
// the command line: one flag per public field of the connection tables, and
// the secret flags of secret_input.h.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>

#include "flowfile/connection.h"
#include "src/cli/secret_input.h"

namespace flowfile::cli {

// The command-line flag of a connection field: "aws_allow_unsafe_html" ->
// "--aws-allow-unsafe-html".
std::string FlagOf(std::string_view field);

struct ConnectionArguments {
  std::string name;
  std::string storage_type = "s3";
  std::string auth_method;                  // empty: the storage type's default (DefaultAuthMethod)
  std::map<std::string, std::string> text;  // by field name; absent when not given
  std::map<std::string, bool> flags;
  SecretArguments secrets;

  // Registers the flags on `command`, which must not outlive this object.
  void Register(CLI::App& command, bool for_update);
  // Copies the fields that were given into `info`; the others are kept.
  void ApplyTo(ConnectionInfo& info) const;
};

}  // namespace flowfile::cli
