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

}  // namespace

Command AddAccountCommands(CLI::App& app) {
  CLI::App* users = app.add_subcommand("users", "Manage the accounts of a server run with --auth accounts");
  users->require_subcommand(1);
  auto name = std::make_shared<std::string>();
  auto admin = std::make_shared<bool>(false);
  auto password = std::make_shared<PasswordArguments>();
  CLI::App* add =
      users->add_subcommand("add", "Add an account (the first one may be made here, before any sign-in)");
  add->add_option("name", *name, "Account name: letters, digits and . _ @ -")->required();
  add->add_flag("--admin", *admin, "The account may manage other accounts");
  password->Register(*add);
  CLI::App* list = users->add_subcommand("list", "List the accounts");
  CLI::App* remove =
      users->add_subcommand("delete", "Delete an account with its sessions, tokens and connections");
  remove->add_option("name", *name)->required();
  CLI::App* passwd = users->add_subcommand("passwd", "Set an account's password (ends its browser sessions)");
  passwd->add_option("name", *name)->required();
  password->Register(*passwd);
  auto grant = std::make_shared<std::string>();
  CLI::App* give = users->add_subcommand(
      "grant",
      "Grant an account a permission: ambient-identity lets its connections use this server's own cloud "
      "identity (aws_cli, env_vars, iam_role, managed_identity, GCS default credentials)");
  CLI::App* take = users->add_subcommand("revoke", "Take a granted permission back from an account");
  for (CLI::App* command : {give, take}) {
    command->add_option("name", *name, "Account name")->required();
    command->add_option("grant", *grant, "The permission: ambient-identity")->required();
  }

  CLI::App* tokens = app.add_subcommand("tokens", "Manage API tokens of an account (FLOWFILE_API_TOKEN)");
  tokens->require_subcommand(1);
  auto token_user = std::make_shared<std::string>();
  auto token_name = std::make_shared<std::string>("cli");
  auto token_id = std::make_shared<std::int64_t>(0);
  CLI::App* create = tokens->add_subcommand("create", "Create an API token; it is printed once, keep it safe");
  create->add_option("--user,-u", *token_user, "The account the token acts as")->required();
  create->add_option("--name", *token_name, "A label to tell tokens apart")->capture_default_str();
  CLI::App* list_tokens = tokens->add_subcommand("list", "List an account's API tokens (never their values)");
  list_tokens->add_option("--user,-u", *token_user)->required();
  CLI::App* revoke = tokens->add_subcommand("revoke", "Revoke an API token by its id");
  revoke->add_option("--user,-u", *token_user)->required();
  revoke->add_option("id", *token_id)->required();

  auto output = std::make_shared<OutputFormat>();
  for (CLI::App* command : {add, list, remove, passwd, give, take, create, list_tokens, revoke})
    AddOutputOption(*command, *output);
  const std::vector<std::string> account_columns = {"name", "admin", "grants", "created_at"};
  const std::vector<std::string> token_columns = {"id", "name", "created_at", "last_used_at"};

  return [=]() -> int {
    if (add->parsed()) {
      return RunPrinting(*output, account_columns, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(Secret secret, password->Read());
        FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.CreateAccount(*name, secret, *admin));
        return AccountJson(account);
      });
    }
    if (list->parsed()) {
      return RunPrinting(*output, account_columns, [](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(std::vector<accounts::Account> accounts, store.ListAccounts());
        json out = json::array();
        for (const accounts::Account& account : accounts) {
          FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, store.GrantsOf(account.name));
          out.push_back(AccountJson(account));
          out.back()["grants"] = grants;
        }
        return out;
      });
    }
    if (give->parsed() || take->parsed()) {
      return RunPrinting(*output, {"name", "grants"}, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_RETURN_IF_ERROR(store.SetGrant(*name, *grant, give->parsed()));
        FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> grants, store.GrantsOf(*name));
        return json{{"name", *name}, {"grants", grants}};
      });
    }
    if (remove->parsed()) {
      return RunPrinting(*output, {"deleted"}, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_RETURN_IF_ERROR(store.DeleteAccount(*name));
        return json{{"deleted", *name}};
      });
    }
    if (passwd->parsed()) {
      return RunPrinting(*output, {"password_changed"}, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(Secret secret, password->Read());
        FLOWFILE_RETURN_IF_ERROR(store.ChangePassword(*name, secret));
        return json{{"password_changed", *name}};
      });
    }
    if (create->parsed()) {
      return RunPrinting(*output, {"id", "name", "token"}, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*token_user));
        FLOWFILE_ASSIGN_OR_RETURN(accounts::NewApiToken token, store.CreateApiToken(account.user_id, *token_name));
        json out = TokenJson(token.info);
        out["token"] = std::string(token.token.reveal());  // shown to its owner this once
        return out;
      });
    }
    if (list_tokens->parsed()) {
      return RunPrinting(*output, token_columns, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*token_user));
        FLOWFILE_ASSIGN_OR_RETURN(std::vector<accounts::ApiTokenInfo> listed,
                                  store.ListApiTokens(account.user_id));
        json out = json::array();
        for (const accounts::ApiTokenInfo& token : listed) out.push_back(TokenJson(token));
        return out;
      });
    }
    if (revoke->parsed()) {
      return RunPrinting(*output, {"revoked"}, [&](accounts::AccountStore& store) -> Result<json> {
        FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, store.FindAccount(*token_user));
        FLOWFILE_RETURN_IF_ERROR(store.RevokeApiToken(account.user_id, *token_id));
        return json{{"revoked", *token_id}};
      });
    }
    return -1;
  };
}

}  // namespace flowfile::cli
