// How an Update changes a stored connection, worked out before anything is
// written, the same way for every backend.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_store.h"

namespace flowfile::store {

enum class SecretChange { kKeep, kSet, kRemove };

struct UpdatePlan {
  // The merged public view: id, name and timestamps of the stored
  // connection; secrets_set and credentials_version already updated.
  ConnectionInfo info;
  // Per secret field, indexed like kAllSecretFields. kSet takes the value
  // from ConnectionUpdate::secrets.
  std::array<SecretChange, kAllSecretFields.size()> secrets{};
  // User-facing names of the fields that change (public fields and secret
  // fields, never values), for the audit log.
  std::vector<std::string> changed_fields;
};

// Merges `update` into the stored public view `stored` and validates the
// result. Stored secrets are kept unless cleared or replaced, except when
// the update changes where secrets are sent (a destination field of
// connection_rules.h): then no stored secret is reused and the update must
// carry every secret the new method requires. Errors: kInvalidArgument
// naming the field and the fix (for a secret not given again: the
// destination field that changed).
Result<UpdatePlan> PlanUpdate(const ConnectionInfo& stored, const ConnectionUpdate& update);

}  // namespace flowfile::store
