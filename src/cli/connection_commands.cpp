// flowfile connections ...: manage the local user's connections.
//
// Secrets are never taken from the command line (it shows in `ps` and shell
// history): see secret_input.h. Output is built from public views only.
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "flowfile/connection_rules.h"
#include "flowfile/connection_view.h"
#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/connection_arguments.h"
#include "src/cli/exit_codes.h"
#include "src/cli/local_session.h"
#include "src/cli/output.h"
#include "src/cli/secret_input.h"
#include "src/service/connection_json.h"

namespace flowfile::cli {
namespace {

using nlohmann::json;

// The public view as JSON, exactly as the HTTP API shows it.
json ToJson(const ConnectionInfo& info) { return service::ConnectionToJson(info); }

// The secret fields to ask for on a terminal: the rule's required ones, and
// with --prompt-secrets its optional ones too (an empty answer skips one).
std::vector<SecretField> SecretsToAsk(const ConnectionInfo& info, const SecretArguments& args, bool creating) {
  const AuthMethodRule* rule = FindConnectionRule(info.storage_type, info.auth_method);
  if (rule == nullptr || (!creating && !args.prompt)) return {};
  std::vector<SecretField> fields = rule->required_secrets;
  if (args.prompt) fields.insert(fields.end(), rule->optional_secrets.begin(), rule->optional_secrets.end());
  return fields;
}

Result<Connection> BuildConnection(const ConnectionArguments& args) {
  Connection connection;
  connection.info.connection_name = args.name;
  FLOWFILE_ASSIGN_OR_RETURN(connection.info.storage_type, ParseStorageType(args.storage_type));
  if (args.auth_method.empty()) {
    connection.info.auth_method = DefaultAuthMethod(connection.info.storage_type);
  } else {
    FLOWFILE_ASSIGN_OR_RETURN(connection.info.auth_method, ParseAuthMethod(args.auth_method));
  }
  args.ApplyTo(connection.info);
  FLOWFILE_ASSIGN_OR_RETURN(
      connection.secrets,
      ReadSecrets(args.secrets, SecretsToAsk(connection.info, args.secrets, /*creating=*/true)));
  return connection;
}

// The columns a table of connections shows; JSON shows every public field.
const std::vector<std::string> kTableColumns = {"connection_name",    "storage_type", "auth_method", "aws_region",
                                                "azure_account_name", "endpoint_url", "secrets_set"};

// Runs `action` against the local user's session and prints its records
// (an array of objects, or one object).
int RunPrinting(OutputFormat output, const std::vector<std::string>& columns,
                const std::function<Result<json>(const UserSession&)>& action) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto result = action(*session);
  if (!result.ok()) return Fail(result.error());
  PrintRecords(std::cout, output, *result, columns);
  return 0;
}

// Each subcommand below is registered on the `connections` group with its
// own --output option and returns what it runs once parsed (-1 otherwise).

Command AddList(CLI::App& group) {
  CLI::App* list = group.add_subcommand("list", "List connections (public fields only)");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*list, *output);
  return [=]() -> int {
    if (!list->parsed()) return -1;
    return RunPrinting(*output, kTableColumns, [](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(auto connections, s.ListConnections());
      json out = json::array();
      for (const ConnectionInfo& info : connections) out.push_back(ToJson(info));
      return out;
    });
  };
}

Command AddShow(CLI::App& group) {
  CLI::App* show = group.add_subcommand("show", "Show one connection (public fields only)");
  auto name = std::make_shared<std::string>();
  show->add_option("name", *name)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*show, *output);
  return [=]() -> int {
    if (!show->parsed()) return -1;
    return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.GetConnection(*name));
      return ToJson(info);
    });
  };
}

Command AddCreate(CLI::App& group) {
  auto args = std::make_shared<ConnectionArguments>();
  CLI::App* create = group.add_subcommand("create", "Create a connection");
  args->Register(*create, /*for_update=*/false);
  auto if_not_exists = std::make_shared<bool>(false);
  create->add_flag("--if-not-exists", *if_not_exists, "Keep an existing connection of that name");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*create, *output);
  return [=]() -> int {
    if (!create->parsed()) return -1;
    return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(Connection connection, BuildConnection(*args));
      if (*if_not_exists) {
        FLOWFILE_ASSIGN_OR_RETURN(CreateOutcome outcome, s.CreateConnectionIfNotExists(connection));
        json out = ToJson(outcome.connection);
        out["created"] = outcome.created;
        return out;
      }
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.CreateConnection(connection));
      return ToJson(info);
    });
  };
}

// The change an update makes: the current public view with the fields given
// on the command line, and the secrets read for it.
Result<ConnectionUpdate> BuildUpdate(const UserSession& s, const CLI::App& update,
                                     const ConnectionArguments& args) {
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo current, s.GetConnection(args.name));
  ConnectionUpdate change;
  change.info = current;
  if (update.count("--storage-type") > 0) {
    FLOWFILE_ASSIGN_OR_RETURN(change.info->storage_type, ParseStorageType(args.storage_type));
  }
  if (update.count("--auth-method") > 0) {
    FLOWFILE_ASSIGN_OR_RETURN(change.info->auth_method, ParseAuthMethod(args.auth_method));
  }
  args.ApplyTo(*change.info);
  FLOWFILE_ASSIGN_OR_RETURN(
      change.secrets, ReadSecrets(args.secrets, SecretsToAsk(*change.info, args.secrets, /*creating=*/false)));
  return change;
}

Command AddUpdate(CLI::App& group) {
  auto args = std::make_shared<ConnectionArguments>();
  CLI::App* update = group.add_subcommand("update", "Change fields of a connection; secrets not given are kept");
  args->Register(*update, /*for_update=*/true);
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*update, *output);
  return [=]() -> int {
    if (!update->parsed()) return -1;
    return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionUpdate change, BuildUpdate(s, *update, *args));
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.UpdateConnection(args->name, change));
      return ToJson(info);
    });
  };
}

Command AddRename(CLI::App& group) {
  CLI::App* rename = group.add_subcommand("rename", "Rename a connection");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  rename->add_option("from", *from)->required();
  rename->add_option("to", *to)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*rename, *output);
  return [=]() -> int {
    if (!rename->parsed()) return -1;
    return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.RenameConnection(*from, *to));
      return ToJson(info);
    });
  };
}

Command AddDelete(CLI::App& group) {
  CLI::App* remove = group.add_subcommand("delete", "Delete a connection");
  auto name = std::make_shared<std::string>();
  remove->add_option("name", *name)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*remove, *output);
  return [=]() -> int {
    if (!remove->parsed()) return -1;
    return RunPrinting(*output, {"deleted"}, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_RETURN_IF_ERROR(s.DeleteConnection(*name));
      return json{{"deleted", *name}};
    });
  };
}

Command AddTest(CLI::App& group) {
  CLI::App* test = group.add_subcommand("test", "Check that a connection's credentials work");
  auto name = std::make_shared<std::string>();
  auto path = std::make_shared<std::string>();
  test->add_option("name", *name)->required();
  test->add_option("path", *path, "Bucket or prefix to list, e.g. s3://bucket/prefix");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*test, *output);
  return [=]() -> int {
    if (!test->parsed()) return -1;
    return RunPrinting(*output, {"ok", "check", "message"}, [&](const UserSession& s) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionTestResult result, s.TestConnection(*name, *path));
      if (!result.ok) {
        // Exit with the failure's own code (6 for an endpoint, 7 for TLS, ...).
        Error failed(ErrorCodeFromName(result.error_code).value_or(ErrorCode::kInternal),
                     result.check + ": " + result.message);
        return result.remedy ? std::move(failed).WithRemedy(*result.remedy) : failed;
      }
      return json{{"ok", result.ok}, {"check", result.check}, {"message", result.message}};
    });
  };
}

}  // namespace

Command AddConnectionCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("connections", "Manage cloud storage connections");
  group->require_subcommand(1);
  return FirstParsed({AddList(*group), AddShow(*group), AddCreate(*group), AddUpdate(*group), AddRename(*group),
                      AddDelete(*group), AddTest(*group)});
}

}  // namespace flowfile::cli
