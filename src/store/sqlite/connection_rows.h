// Rows of the connections table <-> ConnectionInfo. The public columns are
// named after the fields of connection_fields.h and built from its tables,
// so a new field needs a schema step and nothing here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_store.h"
#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// The user's connection of that name, or nullopt. Every lookup filters by
// user: another user's connection is simply not there.
Result<std::optional<ConnectionInfo>> FindConnection(Database& db, UserId user, std::string_view name);
Result<std::optional<ConnectionInfo>> FindConnectionById(Database& db, UserId user, std::int64_t id);
// The user's connections, sorted by name (bytewise).
Result<std::vector<ConnectionInfo>> ListConnections(Database& db, UserId user);

// Inserts the public view of a new connection with every timestamp at `now`
// (last_used_at 0) and credentials_version 1; returns the new id, which no
// connection had before (not even a deleted one).
// The caller stores the secrets. Errors: kAlreadyExists for a taken name.
Result<std::int64_t> InsertConnectionRow(Database& db, UserId user, const ConnectionInfo& info, std::int64_t now);
// Writes the public fields, credentials_version and updated_at of `info` to
// its row (by id; the name is left alone).
Status UpdateConnectionRow(Database& db, const ConnectionInfo& info);

}  // namespace flowfile::sqlite
