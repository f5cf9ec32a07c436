// Connections as JSON, in the field names of the seed's
// FullCloudStorageConnection. Responses carry the public view only, with
// "secrets_set" naming which secret fields hold a value; secrets are
// accepted in requests and never written out. In the service because the
// server's API and the command line's --output json show one shape.
#pragma once

#include <nlohmann/json.hpp>

#include "flowfile/connection.h"
#include "flowfile/connection_changes.h"
#include "flowfile/result.h"

namespace flowfile::service {

nlohmann::json ConnectionToJson(const ConnectionInfo& info);

// A whole connection from a create request. connection_name, storage_type
// and auth_method are required; other fields default. Errors are
// kInvalidArgument naming the field (unknown field, wrong type, bad value).
Result<Connection> ConnectionFromJson(const nlohmann::json& body);

// A change to `current` from a partial body: fields present replace stored
// ones, secret fields left out (or empty) keep their stored values, and
// "clear_secrets" lists secret fields to remove. connection_name, when
// present, must equal the current name (renaming has its own route).
Result<ConnectionUpdate> UpdateFromJson(const nlohmann::json& body, const ConnectionInfo& current);

}  // namespace flowfile::service
