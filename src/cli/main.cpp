// The `flowfile` command.
#include <CLI/CLI.hpp>

#include <string>

#include "flowfile/data.h"
#include "flowfile/version.h"
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
      flowfile::cli::AddFlowCommands(app),      flowfile::cli::AddDeltaCommands(app),
      flowfile::cli::AddCompletionCommand(app),  // last: it walks the finished tree
  };
  CLI11_PARSE(app, argc, argv);
  for (const auto& command : commands) {
    if (int code = command(); code >= 0) return code;
  }
  return 0;
}
