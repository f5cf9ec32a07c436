// The `flowfile` command.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "flowfile/data.h"
#include "flowfile/version.h"
#include "src/cli/command_line.h"
#include "src/cli/commands.h"
#include "src/cli/completion.h"
#include "src/cli/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{"flowfile: cloud storage connections, kept encrypted, used by name"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "flowfile " + std::string(flowfile::kVersion) + " (Apache Arrow " +
                                        flowfile::ArrowVersion() + ")");
  app.footer(flowfile::cli::ExitCodesHelp());

  const flowfile::cli::Command commands[] = {
      flowfile::cli::AddServeCommand(app),      flowfile::cli::AddConnectionCommands(app),
      flowfile::cli::AddDataCommands(app),      flowfile::cli::AddKeyCommands(app),
      flowfile::cli::AddAccountCommands(app),   flowfile::cli::AddImportCommands(app),
      flowfile::cli::AddFlowCommands(app),
      flowfile::cli::AddCompletionCommand(app),  // last: it walks the finished tree
  };
  if (auto ended = flowfile::cli::ParseCommandLine(app, std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                                   std::cerr))
    return *ended;
  for (const auto& command : commands) {
    if (int code = command(); code >= 0) return code;
  }
  return 0;
}
