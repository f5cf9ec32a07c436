// flowfile keys ...: master key management. There is deliberately no command
// that prints a key: FLOWFILE_MASTER_KEY values come from the operator's own
// secret manager (e.g. `openssl rand -base64 32`).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"

namespace flowfile::cli {
namespace {

int RunStatus(OutputFormat output) {
  auto engine = Engine::OpenEmbedded();
  if (!engine.ok()) return Fail(engine.error());
  auto status = (*engine)->KeyStatus();
  if (!status.ok()) return Fail(status.error());
  nlohmann::json versions = nlohmann::json::array();
  for (const MasterKeyStatus::Version& version : status->versions) {
    versions.push_back({{"version", version.version},
                        {"active", version.version == status->active_version},
                        {"fingerprint", version.fingerprint},
                        {"secrets", version.secrets}});
  }
  if (output == OutputFormat::kJson) {
    std::cout << nlohmann::json{{"source", status->source},
                                {"active_version", status->active_version},
                                {"versions", versions}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "Master key from " << status->source << "\n";
  PrintRecords(std::cout, output, versions, {"version", "active", "fingerprint", "secrets"});
  return 0;
}

}  // namespace

Command AddKeyCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("keys", "Manage the master key that encrypts stored secrets");
  group->require_subcommand(1);
  CLI::App* status = group->add_subcommand(
      "status", "Show the master key versions, their fingerprints, where they come from and the secrets of each");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*status, *output);
  CLI::App* rotate = group->add_subcommand(
      "rotate", "Re-encrypt every stored secret with a new master key version, then drop the old versions");
  return [=]() -> int {
    // The master key of a store shared by several servers
    // (FLOWFILE_DATABASE_URL) is rotated from any machine with this binary.
    EnablePostgresStore();
    if (status->parsed()) return RunStatus(*output);
    if (rotate->parsed()) {
      auto engine = Engine::OpenEmbedded();
      if (!engine.ok()) return Fail(engine.error());
      if (Status rotated = (*engine)->RotateMasterKey(); !rotated.ok()) return Fail(rotated.error());
      std::cout << "Rotated the master key: every stored secret is now sealed with the new version.\n";
      auto keys = (*engine)->KeyStatus();
      if (keys.ok() && keys->source == "FLOWFILE_MASTER_KEY") {
        std::cout << "Keep only version " << keys->active_version
                  << " in FLOWFILE_MASTER_KEY from now on, and restart the servers that use it.\n";
      }
      return 0;
    }
    return -1;
  };
}

}  // namespace flowfile::cli
