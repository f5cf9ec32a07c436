// flowfile import flowfile-db PATH: move an upstream Flowfile installation's
// cloud storage connections into the local user's store.
//
// The upstream key is named by where it is (--key-file, --key-from-env),
// never given as an argument value (which shows in `ps` and shell history).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/local_session.h"
#include "src/cli/output.h"

namespace flowfile::cli {
namespace {

using nlohmann::json;

json ToJson(const FlowfileImportReport& report) {
  json imported = json::array();
  json skipped = json::array();
  for (const FlowfileImportItem& item : report.items) {
    json row = {{"connection_name", item.connection_name},
                {"storage_type", item.storage_type},
                {"auth_method", item.auth_method}};
    if (item.imported) {
      if (!item.reason.empty()) row["note"] = item.reason;
      imported.push_back(row);
    } else {
      row["reason"] = item.reason;
      skipped.push_back(row);
    }
  }
  return {{"database", report.database},
          {"key_source", report.key_source},
          {"upstream_user", report.upstream_user},
          {"imported", imported},
          {"skipped", skipped}};
}

void PrintTableReport(const FlowfileImportReport& report) {
  Table table{{"connection_name", "storage_type", "auth_method", "result", "reason"}, {}};
  int imported = 0;
  for (const FlowfileImportItem& item : report.items) {
    imported += item.imported ? 1 : 0;
    table.rows.push_back({item.connection_name, item.storage_type, item.auth_method,
                          item.imported ? "imported" : "skipped", item.reason});
  }
  if (!table.rows.empty()) PrintTable(std::cout, table);
  std::cout << "Imported " << imported << " of " << report.items.size() << " connections from " << report.database;
  if (!report.upstream_user.empty()) std::cout << " (user " << report.upstream_user << ")";
  if (!report.key_source.empty()) std::cout << ", secrets opened with the key from " << report.key_source;
  std::cout << ".\n";
}

}  // namespace

Command AddImportCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("import", "Import connections from another tool");
  group->require_subcommand(1);
  CLI::App* flowfile_db = group->add_subcommand(
      "flowfile-db",
      "Import the cloud storage connections of an upstream Flowfile installation (its flowfile.db), secrets "
      "re-encrypted with this store's key; the database is only read");
  auto request = std::make_shared<FlowfileImportRequest>();
  auto key_file = std::make_shared<std::string>();
  auto key_variable = std::make_shared<std::string>();
  flowfile_db
      ->add_option("path", request->database, "Upstream's database, e.g. ~/.flowfile/database/flowfile_catalog.db")
      ->required();
  auto* file_option = flowfile_db->add_option("--key-file", *key_file,
                                              "Upstream's key file: its .secret_key (with flowfile.json.enc "
                                              "beside it) or a file holding its master key");
  flowfile_db
      ->add_option("--key-from-env", *key_variable,
                   "Name of an environment variable holding upstream's master key (as its FLOWFILE_MASTER_KEY)")
      ->excludes(file_option);
  flowfile_db->add_option(
      "--upstream-user", request->upstream_user,
      "Upstream user whose connections to import (default: local_user, or the only user with any)");
  flowfile_db->footer(
      "Without --key-file or --key-from-env the key is looked for where Flowfile keeps it: "
      "$FLOWFILE_SECURE_STORAGE_PATH, ~/.config/flowfile, $SECURE_STORAGE_PATH, /tmp/.flowfile (each its "
      ".secret_key); "
      "the first whose key opens the secrets is used.");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*flowfile_db, *output);

  return [=]() -> int {
    if (!flowfile_db->parsed()) return -1;
    if (!key_file->empty()) request->key = FlowfileKeySource::FromFile(*key_file);
    if (!key_variable->empty()) request->key = FlowfileKeySource::FromEnvironment(*key_variable);
    auto session = LocalSession();
    if (!session.ok()) return Fail(session.error());
    auto report = session->ImportFlowfileDatabase(*request);
    if (!report.ok()) return Fail(report.error());
    if (*output == OutputFormat::kJson) {
      std::cout << ToJson(*report).dump(2) << "\n";
    } else {
      PrintTableReport(*report);
    }
    return 0;
  };
}

}  // namespace flowfile::cli
