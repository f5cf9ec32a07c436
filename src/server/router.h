// Registers API routes with their access rule, so that authentication,
// CSRF checks and the error envelope are applied in one place.
//
// A handler runs only for an authenticated caller (unless kPublic); unsafe
// methods (POST, PUT, PATCH, DELETE) from a browser session must carry the
// session's X-CSRF-Token, and unsafe public ones (setup, sign-in) must come
// from this server's own Origin, if any, with a JSON body; anything a
// handler throws becomes a 500 with a fixed message, never the exception's
// text.
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowfile/result.h"
#include "src/server/api_errors.h"
#include "src/server/reply.h"
#include "src/server/server_context.h"

namespace flowfile::server {

enum class Access {
  kPublic,    // no caller needed (health, session, setup, login)
  kSignedIn,  // any authenticated caller
  kAdmin,     // an admin account (or the local user)
};

// `caller` is set for every access but kPublic, where it is set when the
// request happens to be authenticated. A RouteHandler answers with a Reply or
// an Error, which the Router sends as the error envelope.
using RouteHandler = std::function<Result<Reply>(const std::optional<Caller>& caller, const httplib::Request&)>;
// What a RouteHandler becomes once its Reply is sent (the Router's own).
using ApiHandler =
    std::function<void(const std::optional<Caller>& caller, const httplib::Request&, httplib::Response&)>;
// A handler that reads the request body itself, as it arrives (uploads of
// any size). Chunked request bodies are accepted only on such routes.
using StreamingHandler = std::function<Result<Reply>(const Caller& caller, const httplib::Request&,
                                                     const httplib::ContentReader& body)>;

// How a group of routes writes its errors: this API's envelope
// (api_errors.h) by default. Routes that answer another API's clients (the
// Flowfile client's, flowfile_client_errors.h) write that API's shape.
struct ErrorDialect {
  // A flowfile error (from a handler, or the admin check).
  std::function<void(httplib::Response&, const Error&)> error = SendError;
  // An HTTP-level refusal with no flowfile code (401, csrf).
  std::function<void(httplib::Response&, int status, std::string_view code, std::string_view message)> refusal =
      SendHttpError;
};

class Router {
 public:
  Router(httplib::Server& http, ServerContext& context, ErrorDialect dialect = {})
      : http_(http), context_(context), dialect_(std::move(dialect)) {}

  void Get(const std::string& pattern, Access access, RouteHandler handler);
  void Post(const std::string& pattern, Access access, RouteHandler handler);
  void Put(const std::string& pattern, Access access, RouteHandler handler);
  void Patch(const std::string& pattern, Access access, RouteHandler handler);
  void Delete(const std::string& pattern, Access access, RouteHandler handler);
  // `access` must not be kPublic: only a known caller's body is read.
  void PostStreaming(const std::string& pattern, Access access, StreamingHandler handler);

  // Whether the route of `path` reads its body as it arrives.
  bool IsStreaming(const std::string& path) const;

 private:
  httplib::Server::Handler Wrap(Access access, ApiHandler handler);
  ApiHandler Answering(RouteHandler handler) const;
  // Authenticates and checks CSRF and admin access (for any access but
  // kPublic); sends the error and returns nullopt when the request may not go on.
  std::optional<Caller> Admit(Access access, const httplib::Request& request, httplib::Response& response);

  httplib::Server& http_;
  ServerContext& context_;
  ErrorDialect dialect_;
  std::vector<std::regex> streaming_routes_;
};

// The caller of a request: the local user in embedded mode; in accounts
// mode the owner of the Bearer token or of the session cookie. nullopt when
// the request carries neither or they are unknown or expired.
std::optional<Caller> Authenticate(ServerContext& context, const httplib::Request& request);

// Sends `reply`, or its error as `dialect` writes errors: the one place a
// Result<Reply> becomes a response.
void SendReply(httplib::Response& response, Result<Reply> reply, const ErrorDialect& dialect = {});

// The session id of the request's cookie, empty when none.
std::string SessionCookieValue(const httplib::Request& request);

}  // namespace flowfile::server
