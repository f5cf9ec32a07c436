// Sign-in, first-run setup, sessions and API tokens (accounts mode).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowfile/secret.h"
#include "src/server/api_errors.h"
#include "src/server/reply.h"
#include "src/server/routes.h"
#include "src/service/accounts/account_store.h"

namespace flowfile::server {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The one place where the server reads a secret's plain value: a new
// session id goes into its cookie and a new API token into the response
// that creates it, each shown to its owner once and stored only as a digest.
std::string RevealToItsOwner(const Secret& secret) { return std::string(secret.reveal()); }

nlohmann::json UserJson(const Caller& caller) {
  return {{"id", caller.user}, {"name", caller.name}, {"is_admin", caller.is_admin}};
}

nlohmann::json AccountJson(const accounts::Account& account) {
  return {{"id", account.user_id}, {"name", account.name}, {"is_admin", account.is_admin}};
}

Error AccountsModeOnly() {
  return Error(ErrorCode::kNotFound,
               "This server runs in embedded mode, without accounts: start it with --auth accounts.");
}

struct Credentials {
  std::string name;
  Secret password;
};

Result<Credentials> CredentialsFrom(const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  if (!body.contains("name")) return InvalidField("name", "is required.");
  if (!body["name"].is_string()) return InvalidField("name", "must be a string.");
  if (!body.contains("password")) return InvalidField("password", "is required.");
  if (!body["password"].is_string()) return InvalidField("password", "must be a string.");
  const auto& password = body["password"].get_ref<const std::string&>();
  if (password.empty()) return InvalidField("password", "must not be empty.");
  return Credentials{body["name"].get<std::string>(), Secret(password)};
}

// The one-time set-up code of a server without an admin (ServerContext::
// setup_code), checked before any password work. A server that had its
// admin already when it started has no code: CreateFirstAdmin then answers
// that set-up is done.
Status CheckSetupCode(const ServerContext& context, const httplib::Request& request) {
  if (context.setup_code.empty()) return Status::Ok();
  FLOWFILE_ASSIGN_OR_RETURN(bool needs_setup, context.accounts->NeedsSetup());
  if (!needs_setup) return Status::Ok();  // done meanwhile: CreateFirstAdmin says so
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  const auto code = body.find("setup_code");
  if (code == body.end() || !code->is_string() || code->get_ref<const std::string&>().empty()) {
    return InvalidField("setup_code",
                        "is required: use the set-up code printed on the server's console when it started.");
  }
  if (!ConstantTimeEquals(code->get_ref<const std::string&>(), context.setup_code)) {
    return Error(ErrorCode::kAccessDenied,
                 "Wrong set-up code: use the one printed on the server's console when it started (a restart "
                 "prints a new one).",
                 "setup_code");
  }
  return Status::Ok();
}

// Runs slow password work on the worker pool and waits for it; nullopt when
// the pool is saturated (answered by Saturated()).
template <typename Work>
auto RunPasswordWork(ServerContext& context, Work work) -> std::optional<decltype(work())> {
  auto future = context.passwords.Submit(std::move(work));
  if (!future) return std::nullopt;
  return future->get();
}

// A refusal that says when to try again (Retry-After, in seconds).
Reply TryAgainIn(std::int64_t seconds, int status, std::string_view code, const std::string& message) {
  Reply reply = JsonReply(HttpErrorBody(code, message), status);
  reply.headers.emplace_back("Retry-After", std::to_string(seconds));
  return reply;
}

Reply Saturated() {
  return TryAgainIn(1, HttpStatusFor(ErrorCode::kUnavailable), ErrorCodeName(ErrorCode::kUnavailable),
                    "Too many sign-ins at once: try again in a moment.");
}

// "; Secure" when the client reached us over TLS. The server has no TLS of
// its own, so that is what a TLS proxy in front says: X-Forwarded-Proto (a
// chain of proxies may list several, the client's first) or the standard
// Forwarded header's proto=. Any https among them counts. Trusting them is
// safe either way: a forged "https" only adds Secure, which makes a browser
// on plain http drop the forger's own cookie; it can never remove Secure.
std::string SecureAttribute(const httplib::Request& request) {
  // Each value lowered, without spaces and quotes, split at ',' and ';'.
  const auto said = [&request](const char* header, std::string_view word) {
    for (std::size_t i = 0, n = request.get_header_value_count(header); i < n; ++i) {
      std::string words = ",";
      for (unsigned char c : request.get_header_value(header, i)) {
        if (c != ' ' && c != '\t' && c != '"') words += c == ';' ? ',' : static_cast<char>(std::tolower(c));
      }
      if ((words + ",").find("," + std::string(word) + ",") != std::string::npos) return true;
    }
    return false;
  };
  return said("X-Forwarded-Proto", "https") || said("Forwarded", "proto=https") ? "; Secure" : "";
}

// Starts a session for `account` and answers with its cookie and CSRF token.
Result<Reply> SignIn(ServerContext& context, const accounts::Account& account, int status,
                     const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(accounts::NewSession started, context.accounts->StartSession(account));
  const auto lifetime_seconds = (started.session.expires_at - NowMs() + 999) / 1000;  // rounded up
  Reply reply = JsonReply({{"user", AccountJson(account)},
                           {"csrf_token", started.session.csrf_token},
                           {"expires_at", started.session.expires_at}},
                          status);
  reply.headers.emplace_back(
      "Set-Cookie", std::string(kSessionCookie) + "=" + RevealToItsOwner(started.session_id) +
                        "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(lifetime_seconds) +
                        SecureAttribute(request));
  return reply;
}

// GET /api/session: the server's mode, who is signed in, and whether the
// first-run set-up is still to be done.
Result<Reply> SessionReply(const ServerContext& context, const std::optional<Caller>& caller) {
  nlohmann::json body = {{"mode", context.mode == AuthMode::kEmbedded ? "embedded" : "accounts"},
                         {"signed_in", caller.has_value()},
                         {"user", nullptr},
                         {"setup_required", false}};
  if (caller) {
    body["user"] = UserJson(*caller);
    body["csrf_token"] = caller->csrf_token;
  }
  if (context.accounts) {
    FLOWFILE_ASSIGN_OR_RETURN(bool needs_setup, context.accounts->NeedsSetup());
    body["setup_required"] = needs_setup;
  }
  return JsonReply(std::move(body));
}

// POST /api/setup: the first admin, signed in at once.
Result<Reply> SetUp(ServerContext& context, const httplib::Request& request) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_ASSIGN_OR_RETURN(Credentials credentials, CredentialsFrom(request));
  FLOWFILE_RETURN_IF_ERROR(CheckSetupCode(context, request));
  auto created = RunPasswordWork(context, [&context, &credentials] {
    return context.accounts->CreateFirstAdmin(credentials.name, credentials.password);
  });
  if (!created) return Saturated();
  FLOWFILE_ASSIGN_OR_RETURN(accounts::Account admin, *std::move(created));
  return SignIn(context, admin, 201, request);
}

// POST /api/login: a password sign-in, throttled per account and per address.
Result<Reply> LogIn(ServerContext& context, const httplib::Request& request) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_ASSIGN_OR_RETURN(Credentials credentials, CredentialsFrom(request));
  const std::vector<std::string> keys = {"account:" + credentials.name, "ip:" + request.remote_addr};
  // Reserved before the password is checked, so that concurrent guesses
  // are counted as they start, not as they finish.
  if (const std::int64_t wait_ms = context.login_throttle.Reserve(keys, NowMs()); wait_ms > 0) {
    const std::int64_t seconds = (wait_ms + 999) / 1000;
    return TryAgainIn(seconds, 429, "too_many_attempts",
                      "Too many failed sign-ins: wait " + std::to_string(seconds) + " s and try again.");
  }
  auto account = RunPasswordWork(context, [&context, &credentials] {
    return context.accounts->CheckPassword(credentials.name, credentials.password);
  });
  if (!account) {
    context.login_throttle.Release(keys);
    return Saturated();
  }
  if (!account->ok()) {
    if (account->error().code() != ErrorCode::kAccessDenied) {
      context.login_throttle.Release(keys);
      return account->error();
    }
    context.login_throttle.RecordFailure(keys, NowMs());
    return JsonReply(HttpErrorBody(ErrorCodeName(ErrorCode::kAccessDenied), account->error().message()), 401);
  }
  context.login_throttle.RecordSuccess(keys);
  return SignIn(context, **account, 200, request);
}

// POST /api/logout: ends the session of the cookie and clears the cookie.
Result<Reply> LogOut(const ServerContext& context, const httplib::Request& request) {
  if (context.accounts) {
    const std::string session_id = SessionCookieValue(request);
    if (!session_id.empty()) FLOWFILE_RETURN_IF_ERROR(context.accounts->EndSession(Secret(session_id)));
  }
  Reply reply = NoContent();
  reply.headers.emplace_back("Set-Cookie",
                             std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return reply;
}

// POST /api/accounts: an admin adds an account.
Result<Reply> CreateAccount(ServerContext& context, const httplib::Request& request) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  bool is_admin = false;
  if (body.contains("is_admin")) {
    if (!body["is_admin"].is_boolean()) return InvalidField("is_admin", "must be true or false.");
    is_admin = body["is_admin"].get<bool>();
  }
  FLOWFILE_ASSIGN_OR_RETURN(Credentials credentials, CredentialsFrom(request));
  FLOWFILE_RETURN_IF_ERROR(CheckSetupCode(context, request));
  auto created = RunPasswordWork(context, [&context, &credentials, is_admin] {
    return context.accounts->CreateAccount(credentials.name, credentials.password, is_admin);
  });
  if (!created) return Saturated();
  FLOWFILE_ASSIGN_OR_RETURN(accounts::Account account, *std::move(created));
  return JsonReply({{"user", AccountJson(account)}}, 201);
}

// GET /api/tokens: the caller's API tokens, never their values.
Result<Reply> ListTokens(const ServerContext& context, const Caller& caller) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<accounts::ApiTokenInfo> tokens,
                            context.accounts->ListApiTokens(caller.user));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& token : tokens) {
    list.push_back({{"id", token.id},
                    {"name", token.name},
                    {"created_at", token.created_at},
                    {"last_used_at", token.last_used_at}});
  }
  return JsonReply({{"tokens", list}});
}

// POST /api/tokens: a new API token, shown this once.
Result<Reply> CreateToken(const ServerContext& context, const Caller& caller, const httplib::Request& request) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  if (!body.contains("name")) return InvalidField("name", "is required.");
  if (!body["name"].is_string()) return InvalidField("name", "must be a string.");
  FLOWFILE_ASSIGN_OR_RETURN(accounts::NewApiToken token,
                            context.accounts->CreateApiToken(caller.user, body["name"].get<std::string>()));
  return JsonReply({{"id", token.info.id},
                    {"name", token.info.name},
                    {"created_at", token.info.created_at},
                    {"token", RevealToItsOwner(token.token)}},
                   201);
}

// DELETE /api/tokens/{id}: revokes one of the caller's tokens.
Result<Reply> RevokeToken(const ServerContext& context, const Caller& caller, const httplib::Request& request) {
  if (!context.accounts) return AccountsModeOnly();
  FLOWFILE_RETURN_IF_ERROR(context.accounts->RevokeApiToken(caller.user, std::stoll(request.matches[1])));
  return NoContent();
}

}  // namespace

void RegisterAccountRoutes(Router& router, ServerContext& context) {
  const ServerContext& shared = context;
  router.Get("/api/session", Access::kPublic,
             RouteHandler([&shared](const auto& caller, const auto&) { return SessionReply(shared, caller); }));
  router.Post("/api/setup", Access::kPublic,
              RouteHandler([&context](const auto&, const auto& request) { return SetUp(context, request); }));
  router.Post("/api/login", Access::kPublic,
              RouteHandler([&context](const auto&, const auto& request) { return LogIn(context, request); }));
  router.Post("/api/logout", Access::kSignedIn,
              RouteHandler([&shared](const auto&, const auto& request) { return LogOut(shared, request); }));
  router.Post("/api/accounts", Access::kAdmin, RouteHandler([&context](const auto&, const auto& request) {
                return CreateAccount(context, request);
              }));
  router.Get("/api/tokens", Access::kSignedIn,
             RouteHandler([&shared](const auto& caller, const auto&) { return ListTokens(shared, *caller); }));
  router.Post("/api/tokens", Access::kSignedIn, RouteHandler([&shared](const auto& caller, const auto& request) {
                return CreateToken(shared, *caller, request);
              }));
  router.Delete(R"(/api/tokens/(\d{1,18}))", Access::kSignedIn,
                RouteHandler([&shared](const auto& caller, const auto& request) {
                  return RevokeToken(shared, *caller, request);
                }));
}

}  // namespace flowfile::server
