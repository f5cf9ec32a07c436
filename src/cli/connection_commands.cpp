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

}  // namespace

Command AddConnectionCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("connections", "Manage cloud storage connections");
  group->require_subcommand(1);

  CLI::App* list = group->add_subcommand("list", "List connections (public fields only)");
  CLI::App* show = group->add_subcommand("show", "Show one connection (public fields only)");
  auto show_name = std::make_shared<std::string>();
  show->add_option("name", *show_name)->required();

  auto create_args = std::make_shared<ConnectionArguments>();
  CLI::App* create = group->add_subcommand("create", "Create a connection");
  create_args->Register(*create, /*for_update=*/false);
  auto if_not_exists = std::make_shared<bool>(false);
  create->add_flag("--if-not-exists", *if_not_exists, "Keep an existing connection of that name");

  auto update_args = std::make_shared<ConnectionArguments>();
  CLI::App* update = group->add_subcommand("update", "Change fields of a connection; secrets not given are kept");
  update_args->Register(*update, /*for_update=*/true);

  CLI::App* rename = group->add_subcommand("rename", "Rename a connection");
  auto rename_from = std::make_shared<std::string>();
  auto rename_to = std::make_shared<std::string>();
  rename->add_option("from", *rename_from)->required();
  rename->add_option("to", *rename_to)->required();

  CLI::App* remove = group->add_subcommand("delete", "Delete a connection");
  auto remove_name = std::make_shared<std::string>();
  remove->add_option("name", *remove_name)->required();

  CLI::App* test = group->add_subcommand("test", "Check that a connection's credentials work");
  auto test_name = std::make_shared<std::string>();
  auto test_path = std::make_shared<std::string>();
  test->add_option("name", *test_name)->required();
  test->add_option("path", *test_path, "Bucket or prefix to list, e.g. s3://bucket/prefix");

  auto output = std::make_shared<OutputFormat>();
  for (CLI::App* command : {list, show, create, update, rename, remove, test}) AddOutputOption(*command, *output);

  return [=]() -> int {
    if (list->parsed()) {
      return RunPrinting(*output, kTableColumns, [](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(auto connections, s.ListConnections());
        json out = json::array();
        for (const ConnectionInfo& info : connections) out.push_back(ToJson(info));
        return out;
      });
    }
    if (show->parsed()) {
      return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.GetConnection(*show_name));
        return ToJson(info);
      });
    }
    if (create->parsed()) {
      return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(Connection connection, BuildConnection(*create_args));
        if (*if_not_exists) {
          FLOWFILE_ASSIGN_OR_RETURN(CreateOutcome outcome, s.CreateConnectionIfNotExists(connection));
          json out = ToJson(outcome.connection);
          out["created"] = outcome.created;
          return out;
        }
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.CreateConnection(connection));
        return ToJson(info);
      });
    }
    if (update->parsed()) {
      return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo current, s.GetConnection(update_args->name));
        ConnectionUpdate change;
        change.info = current;
        if (update->count("--storage-type") > 0) {
          FLOWFILE_ASSIGN_OR_RETURN(change.info->storage_type, ParseStorageType(update_args->storage_type));
        }
        if (update->count("--auth-method") > 0) {
          FLOWFILE_ASSIGN_OR_RETURN(change.info->auth_method, ParseAuthMethod(update_args->auth_method));
        }
        update_args->ApplyTo(*change.info);
        FLOWFILE_ASSIGN_OR_RETURN(
            change.secrets, ReadSecrets(update_args->secrets,
                                        SecretsToAsk(*change.info, update_args->secrets, /*creating=*/false)));
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.UpdateConnection(update_args->name, change));
        return ToJson(info);
      });
    }
    if (rename->parsed()) {
      return RunPrinting(*output, kTableColumns, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, s.RenameConnection(*rename_from, *rename_to));
        return ToJson(info);
      });
    }
    if (remove->parsed()) {
      return RunPrinting(*output, {"deleted"}, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_RETURN_IF_ERROR(s.DeleteConnection(*remove_name));
        return json{{"deleted", *remove_name}};
      });
    }
    if (test->parsed()) {
      return RunPrinting(*output, {"ok", "check", "message"}, [&](const UserSession& s) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(ConnectionTestResult result, s.TestConnection(*test_name, *test_path));
        if (!result.ok) {
          // Exit with the failure's own code (6 for an endpoint, 7 for TLS, ...).
          return Error(ErrorCodeFromName(result.error_code).value_or(ErrorCode::kInternal),
                       result.check + ": " + result.message);
        }
        return json{{"ok", result.ok}, {"check", result.check}, {"message", result.message}};
      });
    }
    return -1;
  };
}

}  // namespace flowfile::cli
