#include "src/server/http_server.h"

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "flowfile/version.h"
#include "src/server/api_errors.h"
#include "src/server/flowfile_client_api.h"
#include "src/server/guarded_server.h"
#include "src/server/reply.h"
#include "src/server/router.h"
#include "src/server/routes.h"
#include "src/server/server_context.h"
#include "src/service/accounts/random_code.h"
#include "src/service/server_accounts.h"

#ifndef FLOWFILE_WEB_DIST_DIR
#define FLOWFILE_WEB_DIST_DIR ""
#endif

namespace flowfile::server {
namespace {

std::atomic<httplib::Server*> g_running_server{nullptr};

bool IsLoopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

// In embedded mode the Host must name this machine: a page on another site
// that re-points its DNS name at 127.0.0.1 must not reach the API.
bool IsLocalHost(const std::string& host_header, const ServerContext& context) {
  const std::string port = ":" + std::to_string(context.port);
  for (const std::string& name :
       {std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]"), context.options.host}) {
    if (host_header == name || host_header == name + port) return true;
  }
  return false;
}

// Sets `value` from the environment variable `name` (a positive whole
// number) when it is unset, else to `fallback`.
template <typename T>
Status DefaultFromEnv(std::optional<T>& value, const char* name, T fallback) {
  if (value) return Status::Ok();
  value = fallback;
  const char* env = std::getenv(name);
  if (env == nullptr || *env == '\0') return Status::Ok();
  char* end = nullptr;
  const long long number = std::strtoll(env, &end, 10);
  if (number < 1 || *end != '\0')
    return Error(ErrorCode::kInvalidArgument, std::string(name) + " must be a positive whole number.");
  value = T(number);
  return Status::Ok();
}

// Where the built web UI is: FLOWFILE_WEB_ROOT, else the build tree it was
// built into, else beside an installed binary (<prefix>/bin/flowfile serves
// <prefix>/share/flowfile/web, as the Python wheel lays them out).
std::string DefaultWebRoot() {
  const char* env = std::getenv("FLOWFILE_WEB_ROOT");
  if (env != nullptr && *env != '\0') return env;
  std::error_code ignored;
  if (std::filesystem::exists(std::filesystem::path(FLOWFILE_WEB_DIST_DIR) / "index.html", ignored)) {
    return FLOWFILE_WEB_DIST_DIR;
  }
  const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", ignored);
  return (binary.parent_path().parent_path() / "share" / "flowfile" / "web").string();
}

Status ResolveOptions(ServerContext& context) {
  if (context.options.auth_mode) {
    context.mode = *context.options.auth_mode;
  } else if (const char* env = std::getenv("FLOWFILE_AUTH"); env != nullptr && *env != '\0') {
    FLOWFILE_ASSIGN_OR_RETURN(context.mode, ParseAuthMode(env));
  }
  ServerOptions& options = context.options;
  FLOWFILE_RETURN_IF_ERROR(DefaultFromEnv<std::chrono::seconds>(
      options.session_lifetime, "FLOWFILE_SESSION_SECONDS", std::chrono::hours(12)));
  FLOWFILE_RETURN_IF_ERROR(DefaultFromEnv<std::uint64_t>(options.max_upload_bytes, "FLOWFILE_MAX_UPLOAD_BYTES",
                                                         std::uint64_t{64} << 30));
  FLOWFILE_RETURN_IF_ERROR(DefaultFromEnv<std::chrono::seconds>(options.header_timeout, "FLOWFILE_HEADER_SECONDS",
                                                                std::chrono::seconds(10)));
  FLOWFILE_RETURN_IF_ERROR(DefaultFromEnv<std::chrono::seconds>(options.body_timeout, "FLOWFILE_BODY_SECONDS",
                                                                std::chrono::seconds(60)));
  if (!options.allowed_endpoint_hosts) {
    options.allowed_endpoint_hosts.emplace();
    const char* env = std::getenv("FLOWFILE_ALLOWED_ENDPOINT_HOSTS");
    std::string_view list = env != nullptr ? env : "";
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      std::string_view entry = list.substr(0, comma);
      while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
      while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
      if (!entry.empty()) options.allowed_endpoint_hosts->emplace_back(entry);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  }
  if (context.options.web_root.empty()) context.options.web_root = DefaultWebRoot();
  return Status::Ok();
}

ConnectionLimits LimitsFor(const ServerOptions& options) {
  ConnectionLimits limits;
  limits.head.max_body_bytes = options.max_body_bytes;
  limits.head.max_upload_bytes = *options.max_upload_bytes;
  limits.head_timeout = *options.header_timeout;
  limits.body_timeout = *options.body_timeout;
  return limits;
}

// httplib's own limits and socket settings.
void SetTransport(httplib::Server& http, const ServerContext& context) {
  // GuardedServer bounds every body by its route's limit before httplib
  // reads it; httplib's own limit must let the largest (an upload) through.
  http.set_payload_max_length(*context.options.max_upload_bytes);
  // A client reading a data stream may pause between batches to work on
  // them: give it two minutes (httplib's default is 5 s) before giving up.
  http.set_write_timeout(120, 0);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle
  // and the client's delayed ACK add ~40 ms to every response.
  http.set_tcp_nodelay(true);
  // httplib closes a connection after 5 requests by default; reconnecting
  // clients then overflow its short listen backlog and wait for a SYN retry.
  http.set_keep_alive_max_count(1000);
}

// Embedded mode serves this machine only, through a local Host name.
void ServeLocalOnlyWhenEmbedded(httplib::Server& http, const ServerContext& context) {
  http.set_pre_routing_handler([&context](const httplib::Request& request, httplib::Response& response) {
    if (context.mode == AuthMode::kEmbedded) {
      if (!IsLoopback(request.remote_addr)) {
        SendHttpError(response, 403, "access_denied",
                      "This server runs without accounts and serves this machine only: start it with --auth "
                      "accounts to serve others.");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!IsLocalHost(request.get_header_value("Host"), context)) {
        SendHttpError(response, 403, "access_denied", "Unexpected Host header: open the UI at 127.0.0.1.");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

void AddSecurityHeaders(httplib::Server& http) {
  http.set_post_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Referrer-Policy", "no-referrer");
    if (IsApiPath(request.path)) {
      response.set_header("Cache-Control", "no-store");
    } else {
      response.set_header(
          "Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
          "form-action 'self'");
    }
  });
}

// httplib's own refusals (unknown route, body too large, timeouts, a thrown
// exception) in the API's error envelope.
void AnswerHttpErrors(httplib::Server& http, const ServerContext& context) {
  const std::string too_large =
      "The request body is too large (limit " + std::to_string(context.options.max_body_bytes / 1024) + " KiB).";
  http.set_error_handler([too_large](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    switch (response.status) {
      case 404:
        return SendUnknownRoute(response, request.path);
      case 413:
        return SendHttpError(response, 413, "payload_too_large", too_large);
      case 405:
        return SendHttpError(response, 405, "method_not_allowed", "Method not allowed on this route.");
      default:
        if (CurrentRequestTimedOut()) {
          response.set_header("Connection", "close");
          return SendHttpError(response, 408, "request_timeout", "The request body did not arrive in time.");
        }
        return SendHttpError(response, response.status, "bad_request", "The request could not be served.");
    }
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    SendHttpError(response, 500, "internal", "Unexpected server error.");
  });
}

void ConfigureHttp(httplib::Server& http, ServerContext& context) {
  SetTransport(http, context);
  ServeLocalOnlyWhenEmbedded(http, context);
  AddSecurityHeaders(http);
  AnswerHttpErrors(http, context);
}

// The engine, and in accounts mode its accounts with the endpoint policy and
// host-identity gate a shared server needs, plus the one-time codes.
Result<std::unique_ptr<ServerContext>> OpenContext(const ServerOptions& options) {
  auto context = std::make_unique<ServerContext>();
  context->options = options;
  FLOWFILE_RETURN_IF_ERROR(ResolveOptions(*context));
  EnablePostgresStore();  // the server may share a PostgreSQL store with others
  const Secret& database_url = options.database_url.empty() ? DatabaseUrlFromEnvironment() : options.database_url;
  FLOWFILE_ASSIGN_OR_RETURN(context->engine, Engine::Open(options.data_directory, database_url));
  if (context->mode == AuthMode::kAccounts) {
    // Users must not reach the server's own network through their endpoints.
    context->engine->SetEndpointPolicy({true, *context->options.allowed_endpoint_hosts});
    // Nor borrow the server's own cloud identity without an admin's grant.
    FLOWFILE_RETURN_IF_ERROR(context->engine->RequireHostIdentityGrant());
    accounts::AccountStoreOptions account_options;
    account_options.session_lifetime = *context->options.session_lifetime;
    FLOWFILE_ASSIGN_OR_RETURN(context->accounts,
                              service::OpenAccounts(*context->engine, std::move(account_options)));
  }
  context->embedded_csrf_token = accounts::NewRandomCode();
  if (context->accounts) {
    FLOWFILE_ASSIGN_OR_RETURN(bool needs_setup, context->accounts->NeedsSetup());
    if (needs_setup) context->setup_code = accounts::NewRandomCode();
  }
  return context;
}

// The port `http` is bound to: options.port, or any free one for 0.
Result<int> Bind(httplib::Server& http, const ServerOptions& options) {
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
  return port;
}

// On the console only (standard error, not the API): proof that whoever
// claims the fresh server is the one who started it.
void AnnounceSetupCode(const ServerContext& context) {
  if (context.setup_code.empty()) return;
  std::fprintf(stderr,
               "flowfile serve: no admin account yet: create it in the UI with the set-up code %s "
               "(valid until the admin exists; a restart makes a new one)\n",
               context.setup_code.c_str());
  std::fflush(stderr);
}

}  // namespace

Result<AuthMode> ParseAuthMode(std::string_view name) {
  if (name == "embedded") return AuthMode::kEmbedded;
  if (name == "accounts") return AuthMode::kAccounts;
  return Error(ErrorCode::kInvalidArgument, "auth must be embedded or accounts, not '" + std::string(name) + "'.");
}

Status RunServer(const ServerOptions& options, const std::function<void(int port)>& on_listening) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<ServerContext> context, OpenContext(options));
  const Router* routes = nullptr;
  GuardedServer http(LimitsFor(context->options), [&routes](std::string_view method, std::string_view path) {
    return method == "POST" && routes != nullptr && routes->IsStreaming(std::string(path));
  });
  Router router(http, *context);
  routes = &router;
  ConfigureHttp(http, *context);
  router.Get("/api/health", Access::kPublic, RouteHandler([&context](const auto&, const auto&) -> Result<Reply> {
               return JsonReply({{"status", "ok"},
                                 {"version", kVersion},
                                 {"store", std::string(context->engine->store_backend())},
                                 {"mode", context->mode == AuthMode::kEmbedded ? "embedded" : "accounts"}});
             }));
  RegisterAccountRoutes(router, *context);
  RegisterAccountGrantRoutes(router, *context);
  RegisterConnectionRoutes(router, *context);
  const FlowfileClientRoutes flowfile_client_routes(http, *context);
  RegisterDataRoutes(router, *context);
  RegisterSavedFlowRoutes(router, *context);
  RegisterStaticFiles(http, *context);

  FLOWFILE_ASSIGN_OR_RETURN(context->port, Bind(http, options));
  g_running_server = &http;
  on_listening(context->port);
  AnnounceSetupCode(*context);
  const bool clean = http.listen_after_bind();
  g_running_server = nullptr;
  if (!clean) return Error(ErrorCode::kInternal, "The server stopped unexpectedly.");
  return Status::Ok();
}

void StopServer() {
  if (httplib::Server* server = g_running_server.load()) server->stop();
}

}  // namespace flowfile::server
