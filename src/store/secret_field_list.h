// The secret fields a connection row lists as one text ("aws_secret_access_key,
// ..."): each backend's query aggregates the names of the connection's
// secret rows into it, and both read it back here.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"

namespace flowfile::store {

// The fields of `text` (comma-separated names), sorted; nullopt when one
// is not a secret field (a row written by something else than us).
std::optional<std::vector<SecretField>> ParseSecretFieldList(std::string_view text);

}  // namespace flowfile::store
