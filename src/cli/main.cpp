// The `flowfile` command.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "flowfile/data_directory.h"
#include "flowfile/version.h"
#include "src/server/http_server.h"

namespace {

// Exit codes by error code, one table for the whole command.
int ExitCodeFor(const flowfile::Error& error) {
  using flowfile::ErrorCode;
  switch (error.code()) {
    case ErrorCode::kInvalidArgument: return 2;
    case ErrorCode::kNotFound: return 3;
    case ErrorCode::kAlreadyExists: return 4;
    case ErrorCode::kAccessDenied: return 5;
    case ErrorCode::kInvalidEndpoint:
    case ErrorCode::kTlsVerificationFailed: return 6;
    case ErrorCode::kTampered: return 7;
    case ErrorCode::kUnavailable: return 8;
    case ErrorCode::kInternal: return 1;
  }
  return 1;
}

int Fail(const flowfile::Error& error) {
  std::cerr << "flowfile: " << error.message() << "\n";
  return ExitCodeFor(error);
}

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
    flowfile::server::StopServer();
  }).detach();
}

int Serve(flowfile::server::ServerOptions options) {
  auto data_directory = flowfile::OpenDataDirectory();
  if (!data_directory.ok()) return Fail(data_directory.error());
  options.data_directory = *data_directory;
  StopOnSignals();
  flowfile::Status status = flowfile::server::RunServer(options, [&](int port) {
    std::cout << "flowfile " << flowfile::kVersion << " serving http://" << options.host << ":" << port
              << "/ (data in " << options.data_directory.string() << ")" << std::endl;
  });
  return status.ok() ? 0 : Fail(status.error());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"flowfile: cloud storage connections, kept encrypted, used by name"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(flowfile::kVersion));

  flowfile::server::ServerOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "Serve the web UI and API on 127.0.0.1");
  serve->add_option("--host", serve_options.host, "Interface to listen on")->capture_default_str();
  serve->add_option("--port", serve_options.port, "TCP port (0 picks a free one)")->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return Serve(serve_options);
  return 0;
}
