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

namespace {

int Run(int argc, char** argv) {
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
  if (auto ended = flowfile::cli::ParseCommandLine(app, std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                                   std::cerr))
    return *ended;
  for (const auto& command : commands) {
    if (int code = command(); code >= 0) return code;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The last line of defence: an exception that escaped a command ends it
  // with the internal error's code and a fixed line. Its text, which a
  // vendor library may have filled with a request or a key, is not printed
  // (std::terminate would print it).
  try {
    return Run(argc, argv);
  } catch (...) {
    std::cerr << "flowfile: internal error: an unexpected exception ended the command (its text is not shown, "
                 "in case it holds a secret).\n";
    return flowfile::cli::ExitCodeFor(flowfile::Error(flowfile::ErrorCode::kInternal, ""));
  }
}
