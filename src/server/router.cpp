#include "src/server/router.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>

#include "flowfile/secret.h"
#include "src/server/api_errors.h"

namespace flowfile::server {
namespace {

bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

bool SameToken(std::string_view a, std::string_view b) { return !a.empty() && ConstantTimeEquals(a, b); }

// Unsafe requests from a browser (they carry Origin) must come from the
// UI's own origin and carry the CSRF token; clients that are not browsers
// authenticate with a Bearer token or, in embedded mode, by being local.
bool PassesCsrf(const Caller& caller, const httplib::Request& request) {
  if (!IsUnsafe(request.method)) return true;
  if (caller.via == AuthVia::kApiToken) return true;
  if (caller.via == AuthVia::kLocal && !request.has_header("Origin")) return true;
  return SameToken(request.get_header_value("X-CSRF-Token"), caller.csrf_token);
}

// "application/json", with any parameters and in any case.
bool IsJsonMediaType(std::string content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
  std::transform(content_type.begin(), content_type.end(), content_type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return content_type == "application/json";
}

// Public routes that change state (setup, sign-in) have no session, hence no
// CSRF token to demand. What a page on another site can send without the
// browser asking this server first (a CORS preflight, which it never
// grants) is a "simple" request: form or text/plain content. So a browser's
// request must come from this server's own origin, and a body must be JSON.
std::optional<Error> RefuseCrossSite(const httplib::Request& request) {
  if (!IsUnsafe(request.method)) return std::nullopt;
  if (request.has_header("Origin")) {
    const std::string origin = request.get_header_value("Origin");
    const std::string host = request.get_header_value("Host");
    if (host.empty() || (origin != "http://" + host && origin != "https://" + host)) {
      return Error(ErrorCode::kAccessDenied,
                   "Cross-site request refused: open the UI from this server's own address.");
    }
  }
  if (!request.body.empty() && !IsJsonMediaType(request.get_header_value("Content-Type"))) {
    return InvalidField("Content-Type", "must be application/json.");
  }
  return std::nullopt;
}

}  // namespace

std::string SessionCookieValue(const httplib::Request& request) {
  const std::string prefix = std::string(kSessionCookie) + "=";
  for (std::size_t i = 0, n = request.get_header_value_count("Cookie"); i < n; ++i) {
    const std::string header = request.get_header_value("Cookie", i);
    std::string_view cookies = header;
    while (!cookies.empty()) {
      std::size_t end = cookies.find(';');
      std::string_view item = cookies.substr(0, end);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      if (item.substr(0, prefix.size()) == prefix) return std::string(item.substr(prefix.size()));
      if (end == std::string_view::npos) break;
      cookies.remove_prefix(end + 1);
    }
  }
  return {};
}

std::optional<Caller> Authenticate(ServerContext& context, const httplib::Request& request) {
  if (context.mode == AuthMode::kEmbedded) {
    return Caller{kLocalUserId, "local", true, AuthVia::kLocal, context.embedded_csrf_token};
  }
  const std::string authorization = request.get_header_value("Authorization");
  if (authorization.rfind("Bearer ", 0) == 0) {
    Result<accounts::Account> account = context.accounts->FindApiToken(Secret(authorization.substr(7)));
    if (!account.ok()) return std::nullopt;
    return Caller{account->user_id, account->name, account->is_admin, AuthVia::kApiToken, ""};
  }
  const std::string session_id = SessionCookieValue(request);
  if (session_id.empty()) return std::nullopt;
  Result<accounts::Session> session = context.accounts->FindSession(Secret(session_id));
  if (!session.ok()) return std::nullopt;
  return Caller{session->account.user_id, session->account.name, session->account.is_admin, AuthVia::kSession,
                session->csrf_token};
}

std::optional<Caller> Router::Admit(Access access, const httplib::Request& request, httplib::Response& response) {
  std::optional<Caller> caller = Authenticate(context_, request);
  if (!caller) {
    dialect_.refusal(response, 401, "unauthenticated",
                     "Sign in first, or send an API token as 'Authorization: Bearer <token>'.");
    return std::nullopt;
  }
  if (!PassesCsrf(*caller, request)) {
    dialect_.refusal(response, 403, "csrf_failed",
                     "Missing or wrong X-CSRF-Token header: reload the page and try again.");
    return std::nullopt;
  }
  if (access == Access::kAdmin && !caller->is_admin) {
    dialect_.error(response, Error(ErrorCode::kAccessDenied, "Only an admin account can do this."));
    return std::nullopt;
  }
  return caller;
}

httplib::Server::Handler Router::Wrap(Access access, ApiHandler handler) {
  return
      [this, access, handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        try {
          if (access == Access::kPublic) {
            if (std::optional<Error> refused = RefuseCrossSite(request)) {
              if (refused->code() == ErrorCode::kAccessDenied) {
                return SendHttpError(response, 403, "csrf_failed", refused->message());
              }
              return SendError(response, *refused);
            }
            return handler(Authenticate(context_, request), request, response);
          }
          std::optional<Caller> caller = Admit(access, request, response);
          if (caller) handler(caller, request, response);
        } catch (const std::exception&) {
          // Library exception text may quote request data: never send it.
          dialect_.refusal(response, 500, "internal", "Unexpected server error.");
        }
      };
}

void SendReply(httplib::Response& response, Result<Reply> reply, const ErrorDialect& dialect) {
  if (!reply.ok()) return dialect.error(response, reply.error());
  for (const auto& [name, value] : reply->headers) response.set_header(name, value);
  if (reply->write) {
    if (Status written = reply->write(response); !written.ok()) dialect.error(response, written.error());
    return;
  }
  if (reply->body.is_null()) {
    response.status = reply->status;
    return;
  }
  SendJson(response, reply->status, reply->body);
}

ApiHandler Router::Answering(RouteHandler handler) const {
  return [dialect = dialect_, handler = std::move(handler)](
             const std::optional<Caller>& caller, const httplib::Request& request, httplib::Response& response) {
    SendReply(response, handler(caller, request), dialect);
  };
}

void Router::Get(const std::string& pattern, Access access, RouteHandler handler) {
  http_.Get(pattern, Wrap(access, Answering(std::move(handler))));
}
void Router::Post(const std::string& pattern, Access access, RouteHandler handler) {
  http_.Post(pattern, Wrap(access, Answering(std::move(handler))));
}
void Router::Put(const std::string& pattern, Access access, RouteHandler handler) {
  http_.Put(pattern, Wrap(access, Answering(std::move(handler))));
}
void Router::Patch(const std::string& pattern, Access access, RouteHandler handler) {
  http_.Patch(pattern, Wrap(access, Answering(std::move(handler))));
}
void Router::Delete(const std::string& pattern, Access access, RouteHandler handler) {
  http_.Delete(pattern, Wrap(access, Answering(std::move(handler))));
}

void Router::PostStreaming(const std::string& pattern, Access access, StreamingHandler handler) {
  streaming_routes_.emplace_back(pattern);
  http_.Post(pattern, [this, access, handler = std::move(handler)](const httplib::Request& request,
                                                                   httplib::Response& response,
                                                                   const httplib::ContentReader& body) {
    try {
      std::optional<Caller> caller = Admit(access, request, response);
      if (!caller) {
        // The body is left unread (a stranger's upload is not worth reading):
        // the connection cannot carry another request.
        response.set_header("Connection", "close");
        return;
      }
      // A chunked upload has no length to refuse up front: count what the
      // handler reads and stop it at the limit.
      const std::uint64_t limit = *context_.options.max_upload_bytes;
      std::uint64_t received = 0;
      bool too_large = false;
      const httplib::ContentReader bounded(
          [&](httplib::ContentReceiver receiver) {
            return body([&](const char* data, std::size_t size) {
              received += size;
              if (received > limit) {
                too_large = true;
                return false;
              }
              return receiver(data, size);
            });
          },
          [&](httplib::MultipartContentHeader header, httplib::ContentReceiver receiver) {
            return body(std::move(header), std::move(receiver));
          });
      Result<Reply> reply = handler(*caller, request, bounded);
      if (!too_large) return SendReply(response, std::move(reply));
      response.set_header("Connection", "close");
      SendHttpError(response, 413, "payload_too_large",
                    "The upload is too large (limit " + std::to_string(limit) + " bytes).");
    } catch (const std::exception&) {
      SendHttpError(response, 500, "internal", "Unexpected server error.");
    }
  });
}

bool Router::IsStreaming(const std::string& path) const {
  for (const std::regex& route : streaming_routes_) {
    if (std::regex_match(path, route)) return true;
  }
  return false;
}

}  // namespace flowfile::server
