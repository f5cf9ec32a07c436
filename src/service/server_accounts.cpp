#include "src/service/server_accounts.h"

#include "src/service/embedded_engine.h"

namespace flowfile::service {

Result<std::unique_ptr<accounts::AccountStore>> OpenAccounts(Engine& engine, accounts::AccountStoreOptions options) {
  EmbeddedEngine& embedded = EmbeddedEngine::Of(engine);
  options.path = embedded.store_path();
  return accounts::AccountStore::Open(std::move(options), embedded.store());
}

}  // namespace flowfile::service
