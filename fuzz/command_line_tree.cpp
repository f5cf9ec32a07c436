#include <map>

#include "fuzz/command_line_fuzz.h"

namespace flowfile::fuzzing {

std::unique_ptr<CommandLineUnderTest> MakeCommandLineUnderTest() {
  auto tree = std::make_unique<CommandLineUnderTest>();
  CLI::App& app = tree->app;
  app.require_subcommand(1);
  app.set_version_flag("--version", "flowfile under test");

  CLI::App* connections = app.add_subcommand("connections", "Manage cloud storage connections");
  connections->require_subcommand(1);
  CLI::App* create = connections->add_subcommand("create", "Create a connection");
  tree->create.Register(*create, /*for_update=*/false);
  create->add_flag("--if-not-exists", tree->if_not_exists, "Keep an existing connection of that name");
  cli::AddOutputOption(*create, tree->output);
  CLI::App* update = connections->add_subcommand("update", "Change fields of a connection");
  tree->update.Register(*update, /*for_update=*/true);

  CLI::App* users = app.add_subcommand("users", "Manage the accounts");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand("add", "Add an account");
  add->add_option("name", tree->user, "Account name")->required();
  add->add_flag("--admin", tree->admin, "The account may manage other accounts");
  tree->password.Register(*add);

  CLI::App* tokens = app.add_subcommand("tokens", "Manage API tokens");
  CLI::App* revoke = tokens->add_subcommand("revoke", "Revoke an API token by its id");
  revoke->add_option("--user,-u", tree->user)->required();
  revoke->add_option("id", tree->token_id)->required();

  CLI::App* head = app.add_subcommand("head", "Print the first rows");
  head->add_option("url", tree->url, "s3://bucket/key")->required();
  head->add_option("-n,--rows", tree->rows, "Rows to print (1 to 1000)")->capture_default_str();
  head->add_option("--columns", tree->columns, "Columns to show, e.g. --columns id,name")->delimiter(',');

  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->add_option("shell", tree->shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));

  CLI::App* import = app.add_subcommand("import", "Import connections from another tool");
  import->add_option("path", tree->path, "Upstream's database")->required();
  auto* file_option = import->add_option("--key-file", tree->key_file, "Upstream's key file");
  import->add_option("--key-from-env", tree->key_variable, "Name of an environment variable")
      ->excludes(file_option);

  CLI::App* serve = app.add_subcommand("serve", "Serve the web UI and API");
  serve->add_option("--port", tree->port, "TCP port (0 picks a free one)")->capture_default_str();
  serve->add_option("--database-url", tree->database_url, "postgresql://... to share one store");
  return tree;
}

const std::vector<std::string>& SecretBearingFlags() {
  static const std::vector<std::string> flags = {
      "--aws-secret-access-key", "--aws-session-token",       "--azure-account-key", "--azure-client-secret",
      "--azure-sas-token",       "--gcs-service-account-key", "--password",          "--database-url"};
  return flags;
}

}  // namespace flowfile::fuzzing
