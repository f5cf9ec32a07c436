#include "src/service/server_accounts.h"

#include "src/service/embedded_engine.h"

namespace flowfile::service {

Result<std::unique_ptr<accounts::AccountStore>> OpenAccounts(Engine& engine,
                                                             accounts::AccountStoreOptions options) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<store::AccountRecords> records,
                            EmbeddedEngine::Of(engine).OpenAccountRecords());
  return accounts::AccountStore::Open(std::move(options), std::move(records));
}

}  // namespace flowfile::service
