// The accounts of a server in accounts mode (sign-in, sessions, API
// tokens), kept in the engine's own store so every account is a user of it.
// Internal: for the server and the command line (which sets a server up
// without a browser), which have no other way to reach the store.
#pragma once

#include <memory>

#include "flowfile/engine.h"
#include "src/service/accounts/account_store.h"

namespace flowfile::service {

// Opens the account tables of `engine`'s store backend.
// The engine must outlive the returned store.
Result<std::unique_ptr<accounts::AccountStore>> OpenAccounts(Engine& engine,
                                                             accounts::AccountStoreOptions options);

}  // namespace flowfile::service
