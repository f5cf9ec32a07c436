// flowfile keys ...: master key management. There is deliberately no command
// that prints a key: FLOWFILE_MASTER_KEY values come from the operator's own
// secret manager (e.g. `openssl rand -base64 32`).
#include <iostream>
#include <memory>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"

namespace flowfile::cli {

Command AddKeyCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("keys", "Manage the master key that encrypts stored secrets");
  group->require_subcommand(1);
  CLI::App* rotate = group->add_subcommand(
      "rotate", "Re-encrypt every stored secret with a new master key version, then drop the old versions");
  return [=]() -> int {
    if (rotate->parsed()) {
      auto engine = Engine::OpenEmbedded();
      if (!engine.ok()) return Fail(engine.error());
      if (Status status = (*engine)->RotateMasterKey(); !status.ok()) return Fail(status.error());
      std::cout << "Rotated the master key: every stored secret is now sealed with the new version.\n";
      return 0;
    }
    return -1;
  };
}

}  // namespace flowfile::cli
