#include "src/server/http_server.h"

#include <httplib.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>

#include "flowfile/version.h"
#include "src/store/sqlite/connection_schema.h"

namespace flowfile::server {
namespace {

std::atomic<httplib::Server*> g_running_server{nullptr};

void SendJson(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

}  // namespace

Status RunServer(const ServerOptions& options, const std::function<void(int port)>& on_listening) {
  const auto store_path = options.data_directory / "flowfile.db";
  FLOWFILE_ASSIGN_OR_RETURN(auto db, sqlite::Database::Open(store_path));
  FLOWFILE_RETURN_IF_ERROR(sqlite::MigrateToLatest(*db, sqlite::ConnectionSchema()));

  httplib::Server http;
  http.Get("/api/health", [](const httplib::Request&, httplib::Response& response) {
    SendJson(response, 200, {{"status", "ok"}, {"version", kVersion}, {"store", "sqlite"}});
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.body.empty()) {
      SendJson(response, response.status, {{"error", {{"code", "not_found"}, {"message", "No such route."}}}});
    }
  });

  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
  } else if (!http.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return Error(ErrorCode::kUnavailable, "Cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                              ": is another server running there? Pick another with --port.");
  }
  g_running_server = &http;
  on_listening(port);
  const bool clean = http.listen_after_bind();
  g_running_server = nullptr;
  if (!clean) return Error(ErrorCode::kInternal, "The server stopped unexpectedly.");
  return Status::Ok();
}

void StopServer() {
  if (httplib::Server* server = g_running_server.load()) server->stop();
}

}  // namespace flowfile::server
