// Changes to a user's connections and what happened to them: the update a
// front end asks for, the outcome of an idempotent create, and the audit
// log's events. Plain data, shared by the store, the service and the front
// ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/user.h"

namespace flowfile {

// A change to a stored connection. Unset fields keep their stored values.
struct ConnectionUpdate {
  // The new public fields (name excepted: use Rename; a different
  // connection_name is kInvalidArgument, an empty one is ignored). When set,
  // replaces the whole public view.
  std::optional<ConnectionInfo> info;
  // Secrets to set; a field not listed keeps its stored value, unless
  // clear_secrets names it. An update that changes where secrets are sent
  // (a destination field: kDestinationFields of connection_rules.h) must
  // carry every secret its method requires, so stored credentials cannot be
  // pointed at another server; stored secrets it does not carry again are
  // removed.
  ConnectionSecrets secrets;
  std::vector<SecretField> clear_secrets;
};

struct CreateOutcome {
  ConnectionInfo connection;
  bool created = false;  // false: it existed already and is returned unchanged
};

// What happened to a connection, for the audit log. Never holds a secret.
struct AuditEvent {
  std::int64_t at = 0;  // unix milliseconds
  UserId user_id = 0;
  std::int64_t connection_id = 0;
  std::string connection_name;
  std::string action;   // created, updated, renamed, used, tested, rotated, deleted
  std::string outcome;  // ok, or an error code name
  std::string detail;   // public detail (e.g. the new name), never a secret
};

}  // namespace flowfile
