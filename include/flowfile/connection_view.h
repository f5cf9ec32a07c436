// The public view of a connection, field by field: the one definition of
// what HTTP responses, CLI output and Python dicts show of a connection.
// Each front end only turns the values into its own types. Never a secret:
// "secrets_set" names which secret fields hold a value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"

namespace flowfile {

// One field of the view; `kind` says which member holds its value. (A
// std::variant holding a vector trips GCC 12's -Wmaybe-uninitialized.)
struct PublicField {
  enum class Kind { kInteger, kFlag, kText, kNames };
  std::string_view name;
  Kind kind = Kind::kText;
  std::int64_t integer = 0;
  bool flag = false;
  std::string text;
  std::vector<std::string> names;
};

// id, connection_name, storage_type, auth_method, the text fields and flags
// of connection_fields.h, secrets_set, created_at, updated_at, last_used_at.
std::vector<PublicField> PublicView(const ConnectionInfo& info);

}  // namespace flowfile
