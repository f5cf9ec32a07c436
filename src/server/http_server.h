// The HTTP server behind `flowfile serve`: JSON API and web UI on one port.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::server {

enum class AuthMode {
  // Every request acts as the local user, without sign-in; only loopback
  // clients are served. The default of `flowfile serve`.
  kEmbedded,
  // Accounts with passwords, browser sessions and API tokens.
  kAccounts,
};

// "embedded" or "accounts" (FLOWFILE_AUTH, --auth); kInvalidArgument else.
Result<AuthMode> ParseAuthMode(std::string_view name);

struct ServerOptions {
  // Interface to listen on. Default: loopback only.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one. Default: 63578.
  int port = 63578;
  // Data directory holding the embedded store (and the key file).
  std::filesystem::path data_directory;
  // postgresql://... to keep the store in a PostgreSQL database that several
  // servers share. Default: FLOWFILE_DATABASE_URL, else SQLite in
  // data_directory. A secret: never logged.
  Secret database_url;
  // Default: embedded, unless FLOWFILE_AUTH=accounts is set.
  std::optional<AuthMode> auth_mode;
  // How long a browser session lasts. Default: 12 hours, or
  // FLOWFILE_SESSION_SECONDS when set (tests use a few seconds).
  std::optional<std::chrono::seconds> session_lifetime;
  // The built web UI (index.html and assets/). Default: FLOWFILE_WEB_ROOT,
  // else the web/dist folder of the build that made this binary.
  std::filesystem::path web_root;
  // Largest request body accepted; larger ones get 413. Default: 1 MiB.
  std::size_t max_body_bytes = 1 << 20;
  // Largest streaming upload (/api/data/write); larger ones get 413.
  // Default: 64 GiB, or FLOWFILE_MAX_UPLOAD_BYTES when set.
  std::optional<std::uint64_t> max_upload_bytes;
  // Time a client may take to send a request's headers; a slower one gets
  // 408. Default: 10 s, or FLOWFILE_HEADER_SECONDS when set.
  std::optional<std::chrono::seconds> header_timeout;
  // Time a client may take to send a body other than a streaming upload.
  // Default: 60 s, or FLOWFILE_BODY_SECONDS when set.
  std::optional<std::chrono::seconds> body_timeout;
  // With accounts, connections may not reach loopback, link-local or private
  // addresses (EndpointPolicy) except these hosts, IP addresses or ranges
  // ("loopback", "link-local", "private"). Default: the comma-separated
  // FLOWFILE_ALLOWED_ENDPOINT_HOSTS, else none. Embedded mode allows all.
  std::optional<std::vector<std::string>> allowed_endpoint_hosts;
};

// Opens the store, binds the port and serves until Stop() or a signal.
// `on_listening` is called once with the bound port, before serving.
Status RunServer(const ServerOptions& options, const std::function<void(int port)>& on_listening);

// Asks a running server to stop (safe from a signal handler thread).
void StopServer();

}  // namespace flowfile::server
