// The `flowfile` command.
#include <CLI/CLI.hpp>

#include <string>

#include "flowfile/version.h"
#include "src/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"flowfile: cloud storage connections, kept encrypted, used by name"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(flowfile::kVersion));

  const flowfile::cli::Command commands[] = {
      flowfile::cli::AddServeCommand(app),
      flowfile::cli::AddConnectionCommands(app),
      flowfile::cli::AddKeyCommands(app),
  };
  CLI11_PARSE(app, argc, argv);
  for (const auto& command : commands) {
    if (int code = command(); code >= 0) return code;
  }
  return 0;
}
