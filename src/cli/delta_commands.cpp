// flowfile delta history: a Delta table's commits through a connection, as
// the Python package (ff.delta_history) and the data API list them.
#include <ctime>
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

struct HistoryArguments {
  std::string url;
  std::string connection;
  std::int64_t limit = 0;
  OutputFormat output = OutputFormat::kTable;
};

std::string UtcTime(std::int64_t unix_ms) {
  const auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

nlohmann::json Optional(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

int RunHistory(const HistoryArguments& args) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  std::string connection = args.connection;
  if (connection.empty()) {
    auto only = session->ConnectionFor(args.url);
    if (!only.ok()) return Fail(only.error());
    connection = *only;
  }
  auto versions = session->DeltaHistory(connection, args.url, args.limit);
  if (!versions.ok()) return Fail(versions.error());
  nlohmann::json records = nlohmann::json::array();
  for (const TableVersion& entry : *versions) {
    records.push_back(
        {{"version", entry.version},
         {"timestamp", args.output == OutputFormat::kJson ? nlohmann::json(entry.timestamp_ms)
                                                          : nlohmann::json(UtcTime(entry.timestamp_ms))},
         {"operation", entry.operation},
         {"rows_added", Optional(entry.rows_added)},
         {"rows_removed", Optional(entry.rows_removed)},
         {"files_added", entry.files_added},
         {"files_removed", entry.files_removed}});
  }
  PrintRecords(
      std::cout, args.output, records,
      {"version", "timestamp", "operation", "rows_added", "rows_removed", "files_added", "files_removed"});
  return 0;
}

}  // namespace

Command AddDeltaCommands(CLI::App& app) {
  CLI::App* delta = app.add_subcommand("delta", "Delta Lake tables: their history");
  delta->require_subcommand(1);
  CLI::App* history = delta->add_subcommand("history", "List a Delta table's versions, newest first");
  auto args = std::make_shared<HistoryArguments>();
  history->add_option("url", args->url, "The table's folder: s3://bucket/tables/sales, gs://..., abfs://...")
      ->required();
  history->add_option("--connection,-c", args->connection,
                      "Connection to use (default: your only one for the URL)");
  history->add_option("--limit,-n", args->limit, "The newest versions to list (default: all)");
  AddOutputOption(*history, args->output);
  return [=]() -> int {
    if (history->parsed()) return RunHistory(*args);
    return -1;
  };
}

}  // namespace flowfile::cli
