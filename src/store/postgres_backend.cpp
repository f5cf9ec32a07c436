#include "src/store/postgres_backend.h"

#include <atomic>

namespace flowfile::store {
namespace {

std::atomic<Result<std::unique_ptr<ConnectionStore>> (*)(const PostgresStoreOptions&)> g_open_store{nullptr};
std::atomic<Result<std::unique_ptr<AccountRecords>> (*)(const Secret&)> g_open_accounts{nullptr};

}  // namespace

void RegisterPostgresBackend(PostgresBackend backend) {
  g_open_accounts = backend.open_accounts;
  g_open_store = backend.open_store;
}

std::optional<PostgresBackend> RegisteredPostgresBackend() {
  PostgresBackend backend{g_open_store.load(), g_open_accounts.load()};
  if (backend.open_store == nullptr || backend.open_accounts == nullptr) return std::nullopt;
  return backend;
}

}  // namespace flowfile::store
