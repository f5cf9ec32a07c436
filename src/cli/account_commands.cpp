// flowfile users ... and flowfile tokens ...: the accounts of a server run
// with --auth accounts, managed on the server's own machine (through its data
// directory), so a server can be set up before anyone signs in. Passwords
// come from a hidden prompt or standard input, never from arguments; a new
// API token is printed once and never again.
#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/output.h"
#include "src/cli/secret_input.h"
#include "src/service/server_accounts.h"

namespace flowfile::cli {
namespace {

using nlohmann::json;

// The engine and its accounts; the engine must outlive them.
struct Accounts {
  std::shared_ptr<Engine> engine;
  std::unique_ptr<accounts::AccountStore> store;
};

Result<Accounts> OpenAccountStore() {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<Engine> engine, Engine::OpenEmbedded());
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<accounts::AccountStore> store, service::OpenAccounts(*engine, {}));
  return Accounts{std::move(engine), std::move(store)};
}

json AccountJson(const accounts::Account& account) {
  return {{"name", account.name}, {"admin", account.is_admin}, {"created_at", account.created_at}};
}

json TokenJson(const accounts::ApiTokenInfo& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"created_at", token.created_at},
          {"last_used_at", token.last_used_at}};
}

// Opens the accounts, runs `action` and prints its records.
int RunPrinting(OutputFormat output, const std::vector<std::string>& columns,
                const std::function<Result<json>(accounts::AccountStore&)>& action) {
  auto opened = OpenAccountStore();
  if (!opened.ok()) return Fail(opened.error());
  auto result = action(*opened->store);
  if (!result.ok()) return Fail(result.error());
  PrintRecords(std::cout, output, *result, columns);
  return 0;
}

// Each subcommand below is registered on its group (users or tokens) with
// its own --output option and returns what it runs once parsed (-1 otherwise).

const std::vector<std::string> kAccountColumns = {"name", "admin", "grants", "created_at"};
const std::vector<std::string> kTokenColumns = {"id", "name", "created_at", "last_used_at"};

Command AddUserAdd(CLI::App& users) {
  auto name = std::make_shared<std::string>();
  auto admin = std::make_shared<bool>(false);
  auto password = std::make_shared<PasswordArguments>();
  CLI::App* add =
      users.add_subcommand("add", "Add an account (the first one may be made here, before any sign-in)");
  add->add_option("name", *name, "Account name: letters, digits and . _ @ -")->required();
  add->add_flag("--admin", *admin, "The account may manage other accounts");
  password->Register(*add);
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*add, *output);
  return [=]() -> int {
    if (!add->parsed()) return -1;
    return RunPrinting(*output, kAccountColumns, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(Secret secret, password->Read());
      FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.CreateAccount(*name, secret, *admin));
      return AccountJson(account);
    });
  };
}

Command AddUserList(CLI::App& users) {
  CLI::App* list = users.add_subcommand("list", "List the accounts");
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*list, *output);
  return [=]() -> int {
    if (!list->parsed()) return -1;
    return RunPrinting(*output, kAccountColumns, [](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(std::vector<accounts::Account> accounts, store.ListAccounts());
      json out = json::array();
      for (const accounts::Account& account : accounts) {
        FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, store.GrantsOf(account.name));
        out.push_back(AccountJson(account));
        out.back()["grants"] = grants;
      }
      return out;
    });
  };
}

Command AddUserDelete(CLI::App& users) {
  auto name = std::make_shared<std::string>();
  CLI::App* remove = users.add_subcommand("delete", "Delete an account with its sessions, tokens and connections");
  remove->add_option("name", *name)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*remove, *output);
  return [=]() -> int {
    if (!remove->parsed()) return -1;
    return RunPrinting(*output, {"deleted"}, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_RETURN_IF_ERROR(store.DeleteAccount(*name));
      return json{{"deleted", *name}};
    });
  };
}

Command AddUserPasswd(CLI::App& users) {
  auto name = std::make_shared<std::string>();
  auto password = std::make_shared<PasswordArguments>();
  CLI::App* passwd = users.add_subcommand("passwd", "Set an account's password (ends its browser sessions)");
  passwd->add_option("name", *name)->required();
  password->Register(*passwd);
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*passwd, *output);
  return [=]() -> int {
    if (!passwd->parsed()) return -1;
    return RunPrinting(*output, {"password_changed"}, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(Secret secret, password->Read());
      FLOWFILE_RETURN_IF_ERROR(store.ChangePassword(*name, secret));
      return json{{"password_changed", *name}};
    });
  };
}

// users grant (`granted`) or users revoke.
Command AddUserGrant(CLI::App& users, bool granted) {
  CLI::App* command =
      granted
          ? users.add_subcommand("grant",
                                 "Grant an account a permission: ambient-identity lets its connections use this "
                                 "server's own cloud identity (aws_cli, env_vars, iam_role, managed_identity, GCS "
                                 "default credentials)")
          : users.add_subcommand("revoke", "Take a granted permission back from an account");
  auto name = std::make_shared<std::string>();
  auto grant = std::make_shared<std::string>();
  command->add_option("name", *name, "Account name")->required();
  command->add_option("grant", *grant, "The permission: ambient-identity")->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*command, *output);
  return [=]() -> int {
    if (!command->parsed()) return -1;
    return RunPrinting(*output, {"name", "grants"}, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_RETURN_IF_ERROR(store.SetGrant(*name, *grant, granted));
      FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, store.GrantsOf(*name));
      return json{{"name", *name}, {"grants", grants}};
    });
  };
}

Command AddTokenCreate(CLI::App& tokens) {
  auto user = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>("cli");
  CLI::App* create = tokens.add_subcommand("create", "Create an API token; it is printed once, keep it safe");
  create->add_option("--user,-u", *user, "The account the token acts as")->required();
  create->add_option("--name", *name, "A label to tell tokens apart")->capture_default_str();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*create, *output);
  return [=]() -> int {
    if (!create->parsed()) return -1;
    return RunPrinting(*output, {"id", "name", "token"}, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*user));
      FLOWFILE_ASSIGN_OR_RETURN(accounts::NewApiToken token, store.CreateApiToken(account.user_id, *name));
      json out = TokenJson(token.info);
      out["token"] = std::string(token.token.reveal());  // shown to its owner this once
      return out;
    });
  };
}

Command AddTokenList(CLI::App& tokens) {
  auto user = std::make_shared<std::string>();
  CLI::App* list = tokens.add_subcommand("list", "List an account's API tokens (never their values)");
  list->add_option("--user,-u", *user)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*list, *output);
  return [=]() -> int {
    if (!list->parsed()) return -1;
    return RunPrinting(*output, kTokenColumns, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*user));
      FLOWFILE_ASSIGN_OR_RETURN(std::vector<accounts::ApiTokenInfo> listed, store.ListApiTokens(account.user_id));
      json out = json::array();
      for (const accounts::ApiTokenInfo& token : listed) out.push_back(TokenJson(token));
      return out;
    });
  };
}

Command AddTokenRevoke(CLI::App& tokens) {
  auto user = std::make_shared<std::string>();
  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* revoke = tokens.add_subcommand("revoke", "Revoke an API token by its id");
  revoke->add_option("--user,-u", *user)->required();
  revoke->add_option("id", *id)->required();
  auto output = std::make_shared<OutputFormat>();
  AddOutputOption(*revoke, *output);
  return [=]() -> int {
    if (!revoke->parsed()) return -1;
    return RunPrinting(*output, {"revoked"}, [&](accounts::AccountStore& store) -> Result<json> {
      FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*user));
      FLOWFILE_RETURN_IF_ERROR(store.RevokeApiToken(account.user_id, *id));
      return json{{"revoked", *id}};
    });
  };
}

}  // namespace

Command AddAccountCommands(CLI::App& app) {
  CLI::App* users = app.add_subcommand("users", "Manage the accounts of a server run with --auth accounts");
  users->require_subcommand(1);
  Command user_commands =
      FirstParsed({AddUserAdd(*users), AddUserList(*users), AddUserDelete(*users), AddUserPasswd(*users),
                   AddUserGrant(*users, /*granted=*/true), AddUserGrant(*users, /*granted=*/false)});
  CLI::App* tokens = app.add_subcommand("tokens", "Manage API tokens of an account (FLOWFILE_API_TOKEN)");
  tokens->require_subcommand(1);
  return FirstParsed(
      {std::move(user_commands), AddTokenCreate(*tokens), AddTokenList(*tokens), AddTokenRevoke(*tokens)});
}

}  // namespace flowfile::cli
