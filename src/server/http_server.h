// The HTTP server behind `flowfile serve`: JSON API and web UI on one port.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "flowfile/result.h"

namespace flowfile::server {

struct ServerOptions {
  // Interface to listen on. Default: loopback only.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one. Default: 63578.
  int port = 63578;
  // Data directory holding the embedded store.
  std::filesystem::path data_directory;
};

// Opens the store, binds the port and serves until Stop() or a signal.
// `on_listening` is called once with the bound port, before serving.
Status RunServer(const ServerOptions& options, const std::function<void(int port)>& on_listening);

// Asks a running server to stop (safe from a signal handler thread).
void StopServer();

}  // namespace flowfile::server
