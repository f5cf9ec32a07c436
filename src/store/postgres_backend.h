// Whether this binary has the PostgreSQL backend. The backend is a library
// of its own (flowfile_store_postgres, linking libpq) that only the server
// links: libpq loads the system's OpenSSL, which must not meet the OpenSSL
// that pyarrow's libraries carry inside the Python module (the process
// crashes on `import hashlib`). A binary that links it calls
// EnablePostgresStore() (connection_store.h), which registers it here.
#pragma once

#include <memory>
#include <optional>

#include "flowfile/connection_store.h"
#include "src/store/account_records.h"

namespace flowfile::store {

struct PostgresBackend {
  Result<std::unique_ptr<ConnectionStore>> (*open_store)(const PostgresStoreOptions&) = nullptr;
  Result<std::unique_ptr<AccountRecords>> (*open_accounts)(const Secret&) = nullptr;
};

void RegisterPostgresBackend(PostgresBackend backend);
// nullopt in a binary without libpq (the Python module).
std::optional<PostgresBackend> RegisteredPostgresBackend();

}  // namespace flowfile::store
