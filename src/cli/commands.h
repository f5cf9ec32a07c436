// The subcommands of the flowfile command, each registered on the app by
// one function. Each returns the function to run when its subcommand was
// parsed (an exit code).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace flowfile::cli {

using Command = std::function<int()>;

// One command made of the commands of a group's subcommands, each of which
// answers -1 when its subcommand was not parsed: runs them in turn and
// returns the first other answer (-1 when none was parsed).
Command FirstParsed(std::vector<Command> commands);

// serve: the web UI and API.
Command AddServeCommand(CLI::App& app);
// connections list|show|create|update|rename|delete|test.
Command AddConnectionCommands(CLI::App& app);
// ls, cp, head, cat, schema.
Command AddDataCommands(CLI::App& app);
// users add|list|delete|passwd, tokens create|list|revoke.
Command AddAccountCommands(CLI::App& app);
// keys status|rotate.
Command AddKeyCommands(CLI::App& app);
// flows list|show|run|rename|delete.
Command AddFlowCommands(CLI::App& app);
// import flowfile-db.
Command AddImportCommands(CLI::App& app);
// delta history.
Command AddDeltaCommands(CLI::App& app);

}  // namespace flowfile::cli
