// The users table: the owners of connections (id 1 is the local user of
// embedded mode; the server's accounts add more).
#pragma once

#include <string_view>

#include "flowfile/connection_store.h"
#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// Errors: kInvalidArgument for an empty, overlong or unprintable name,
// kAlreadyExists for a taken one.
Result<UserId> InsertUser(Database& db, std::string_view name, std::int64_t now);
// Error: kNotFound.
Result<UserId> FindUserByName(Database& db, std::string_view name);
Result<bool> UserExists(Database& db, UserId user);

}  // namespace flowfile::sqlite
