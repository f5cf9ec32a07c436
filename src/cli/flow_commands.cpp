// flowfile flows ...: the local user's saved flows (made on the canvas or
// with Python's frame.save_as_flow): list, show, run, rename, delete.
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/local_session.h"
#include "src/cli/output.h"

namespace flowfile::cli {
namespace {

using nlohmann::json;

const std::vector<std::string> kFlowColumns = {"name", "nodes", "updated_at"};
const std::vector<std::string> kRunColumns = {"job_id", "state", "rows", "bytes", "path"};

json FlowJson(const SavedFlow& flow) {
  json out = {{"name", flow.name}, {"created_at", flow.created_at}, {"updated_at", flow.updated_at}};
  if (!flow.document.empty()) {
    out["document"] = json::parse(flow.document, nullptr, false);
    out["nodes"] = out["document"].value("nodes", json::array()).size();
  }
  return out;
}

// Waits for one run to end (the engine runs it in the background).
Result<FlowRun> AwaitRun(const UserSession& session, const std::string& id) {
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(FlowRun run, session.GetFlowRun(id));
    if (run.state != FlowRunState::kRunning) return run;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Runs the flow's writers, each to its end; the first failure is the
// command's error (after the runs that succeeded are printed).
int RunFlow(const UserSession& session, const std::string& name, OutputFormat output) {
  Result<std::vector<std::string>> runs = session.RunFlow(name);
  if (!runs.ok()) return Fail(runs.error());
  json records = json::array();
  std::optional<Error> failure;
  for (const std::string& id : *runs) {
    Result<FlowRun> run = AwaitRun(session, id);
    if (!run.ok()) return Fail(run.error());
    json record = {{"job_id", id}, {"state", FlowRunStateName(run->state)}};
    if (run->result) {
      record["rows"] = run->result->rows;
      record["bytes"] = run->result->bytes;
      record["path"] = run->result->path;
    }
    if (run->error && !failure) failure = run->error;
    records.push_back(record);
  }
  PrintRecords(std::cout, output, records, kRunColumns);
  return failure ? Fail(*failure) : 0;
}

int Print(OutputFormat output, const Result<json>& records) {
  if (!records.ok()) return Fail(records.error());
  PrintRecords(std::cout, output, *records, kFlowColumns);
  return 0;
}

}  // namespace

Command AddFlowCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("flows", "List, show, run, rename and delete saved flows");
  group->require_subcommand(1);
  auto name = std::make_shared<std::string>();
  auto new_name = std::make_shared<std::string>();
  CLI::App* list = group->add_subcommand("list", "List your saved flows");
  CLI::App* show = group->add_subcommand("show", "Show a saved flow's nodes and edges");
  CLI::App* run = group->add_subcommand("run", "Run a saved flow and wait for it");
  CLI::App* rename = group->add_subcommand("rename", "Rename a saved flow");
  CLI::App* remove = group->add_subcommand("delete", "Delete a saved flow");
  for (CLI::App* command : {show, run, rename, remove})
    command->add_option("name", *name, "Flow name")->required();
  rename->add_option("new_name", *new_name, "New flow name")->required();
  auto output = std::make_shared<OutputFormat>();
  for (CLI::App* command : {list, show, run, rename, remove}) AddOutputOption(*command, *output);

  return [=]() -> int {
    if (!group->parsed()) return -1;
    Result<UserSession> session = LocalSession();
    if (!session.ok()) return Fail(session.error());
    if (list->parsed()) {
      Result<std::vector<SavedFlow>> flows = session->ListFlows();
      if (!flows.ok()) return Fail(flows.error());
      json records = json::array();
      for (const SavedFlow& flow : *flows) records.push_back(FlowJson(flow));
      return Print(*output, records);
    }
    if (show->parsed()) {
      Result<SavedFlow> flow = session->OpenFlow(*name);
      return Print(*output, flow.ok() ? Result<json>(FlowJson(*flow)) : Result<json>(flow.error()));
    }
    if (run->parsed()) return RunFlow(*session, *name, *output);
    if (rename->parsed()) {
      Result<SavedFlow> renamed = session->RenameFlow(*name, *new_name);
      return Print(*output, renamed.ok() ? Result<json>(FlowJson(*renamed)) : Result<json>(renamed.error()));
    }
    if (remove->parsed()) {
      Status deleted = session->DeleteFlow(*name);
      return Print(*output, deleted.ok() ? Result<json>(json{{"name", *name}, {"deleted", true}})
                                         : Result<json>(deleted.error()));
    }
    return -1;
  };
}

}  // namespace flowfile::cli
