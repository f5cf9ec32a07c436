// What a route handler answers when it succeeds. Handlers return
// Result<Reply>: an error goes to the Router, which alone turns it into the
// JSON error envelope (api_errors.h), so no handler checks each step by hand.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/result.h"

namespace flowfile::server {

struct Reply {
  int status = 200;
  // Sent as application/json; a null body sends no content (204).
  nlohmann::json body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A body the handler writes itself (Arrow IPC streams) instead of `body`.
  // An error it returns before writing anything is sent as the envelope.
  std::function<Status(httplib::Response&)> write;
};

inline Reply JsonReply(nlohmann::json body, int status = 200) { return Reply{status, std::move(body), {}, {}}; }
inline Reply NoContent() { return Reply{204, nullptr, {}, {}}; }

}  // namespace flowfile::server
