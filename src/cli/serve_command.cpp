#include <stdlib.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "flowfile/data_directory.h"
#include "flowfile/version.h"
#include "src/cli/commands.h"
#include "src/cli/database_url_input.h"
#include "src/cli/exit_codes.h"
#include "src/server/http_server.h"

namespace flowfile::cli {
namespace {

// Stops the server on SIGINT/SIGTERM from a normal thread, where it is safe.
void StopOnSignals() {
  static sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([] {
    int received = 0;
    sigwait(&signals, &received);
    server::StopServer();
  }).detach();
}

}  // namespace

Command AddServeCommand(CLI::App& app) {
  auto options = std::make_shared<server::ServerOptions>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the web UI and API on 127.0.0.1");
  serve->add_option("--host", options->host, "Interface to listen on")->capture_default_str();
  serve->add_option("--port", options->port, "TCP port (0 picks a free one)")->capture_default_str();
  auto data_dir = std::make_shared<std::string>();
  serve->add_option("--data-dir", *data_dir,
                    "Where the store and key file live (default: $FLOWFILE_HOME, else ~/.flowfile)");
  auto auth = std::make_shared<std::string>();
  serve->add_option("--auth", *auth,
                    "embedded (default: the local user, loopback clients only) or accounts (sign-in, API tokens)");
  auto database = std::make_shared<DatabaseUrlArguments>();
  database->Register(*serve);
  return [serve, options, auth, data_dir, database]() -> int {
    if (!serve->parsed()) return -1;
    Result<Secret> database_url = database->Read();
    if (!database_url.ok()) return Fail(database_url.error());
    options->database_url = std::move(*database_url);
    if (!auth->empty()) {
      auto mode = server::ParseAuthMode(*auth);
      if (!mode.ok()) return Fail(mode.error());
      options->auth_mode = *mode;
    }
    // The flag is FLOWFILE_HOME for this process: one rule for where data lives.
    if (!data_dir->empty()) setenv("FLOWFILE_HOME", data_dir->c_str(), /*overwrite=*/1);
    auto data_directory = OpenDataDirectory();
    if (!data_directory.ok()) return Fail(data_directory.error());
    options->data_directory = *data_directory;
    StopOnSignals();
    Status status = server::RunServer(*options, [&](int port) {
      std::cout << "flowfile " << kVersion << " serving http://" << options->host << ":" << port << "/ (data in "
                << options->data_directory.string() << ")" << std::endl;
    });
    return status.ok() ? 0 : Fail(status.error());
  };
}

}  // namespace flowfile::cli
