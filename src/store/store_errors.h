// The errors and clock every connection store backend shares, so SQLite and
// PostgreSQL answer users with the same words.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "flowfile/error.h"

namespace flowfile::store {

// kNotFound for a name that this user has no connection under (also when
// another user has one: isolation answers "not found", never "forbidden").
Error ConnectionNotFound(std::string_view name);
Error ConnectionIdNotFound(std::int64_t id);
// kAlreadyExists for a name the user already has.
Error ConnectionExists(std::string_view name);
// kAccessDenied when the keyring lacks a key the store was written with, or
// holds a different key under the same version.
Error MasterKeyMismatch(const std::filesystem::path& store_path);

// Now, in unix milliseconds: every timestamp of the store comes from here,
// not from the database, so all backends agree.
std::int64_t NowMillis();

}  // namespace flowfile::store
