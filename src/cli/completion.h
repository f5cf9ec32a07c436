// flowfile completion bash|zsh: shell completion scripts made from the
// command tree itself, so they never drift from the commands and flags.
#pragma once

#include "src/cli/commands.h"

namespace flowfile::cli {

// Registers `completion`; `app` is walked when the command runs, so it must
// be called with the finished tree (after every other command is added).
Command AddCompletionCommand(CLI::App& app);

}  // namespace flowfile::cli
