// What the routes of one running server share. Internal to src/server.
#pragma once

#include <memory>
#include <string>

#include "flowfile/engine.h"
#include "src/server/http_server.h"
#include "src/server/password_worker.h"
#include "src/service/accounts/account_store.h"
#include "src/service/accounts/login_throttle.h"

namespace flowfile::server {

enum class AuthVia { kLocal, kSession, kApiToken };

// Who a request acts for, once authenticated.
struct Caller {
  UserId user = 0;
  std::string name;
  bool is_admin = false;
  AuthVia via = AuthVia::kLocal;
  std::string csrf_token;  // the token unsafe requests of this session must send
};

struct ServerContext {
  ServerOptions options;
  AuthMode mode = AuthMode::kEmbedded;
  std::shared_ptr<Engine> engine;
  std::unique_ptr<accounts::AccountStore> accounts;  // null in embedded mode
  accounts::LoginThrottle login_throttle;
  PasswordWorker passwords{2, 32};
  // Embedded mode's CSRF token: browsers (requests with an Origin) send it.
  std::string embedded_csrf_token;
  // Accounts mode without an admin yet: the one-time code printed on the
  // server's console at start, which /api/setup requires, so that only
  // whoever started the server can claim it. Empty otherwise. Set before the
  // server listens, read-only afterwards.
  std::string setup_code;
  int port = 0;
};

inline constexpr const char* kSessionCookie = "flowfile_session";

}  // namespace flowfile::server
