#include "src/service/embedded_engine.h"

#include <cstdlib>
#include <string>
#include <system_error>

#include "flowfile/data_directory.h"
#include "flowfile/keyring.h"
#include "src/cloud/endpoint_policy_check.h"
#include "src/crypto/key_file.h"
#include "src/crypto/master_key_text.h"
#include "src/store/postgres_backend.h"

namespace flowfile {

Secret DatabaseUrlFromEnvironment() {
  const char* url = std::getenv("FLOWFILE_DATABASE_URL");
  return Secret(url != nullptr ? url : "");
}

Result<std::shared_ptr<Engine>> Engine::OpenEmbedded() {
  FLOWFILE_ASSIGN_OR_RETURN(std::filesystem::path data_directory, OpenDataDirectory());
  return Open(data_directory, DatabaseUrlFromEnvironment());
}

Result<std::shared_ptr<Engine>> Engine::Open(const std::filesystem::path& data_directory,
                                             const Secret& database_url) {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<service::EmbeddedEngine> engine,
                            service::EmbeddedEngine::Open(data_directory, database_url));
  return engine->AsEngine();
}

std::string_view Engine::store_backend() const { return impl_->store_backend(); }

UserSession Engine::ForUser(UserId user) const { return UserSession(impl_, user); }

Status Engine::RotateMasterKey() const { return impl_->RotateMasterKey(); }

Result<MasterKeyStatus> Engine::KeyStatus() const { return impl_->KeyStatus(); }

void Engine::SetEndpointPolicy(EndpointPolicy policy) const { impl_->SetEndpointPolicy(std::move(policy)); }

Status Engine::RequireHostIdentityGrant() const {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<store::AccountRecords> records, impl_->OpenAccountRecords());
  impl_->SetHostIdentityGate(service::HostIdentityGate(std::move(records)));
  return Status::Ok();
}

namespace service {
namespace {

// A store written with a key, next to no key file, means the key was lost
// or moved. A new key could never open that store (its key check refuses
// it), so refuse before Keyring::Load creates one: nothing is written.
Status RefuseNewKeyForWrittenStore(const std::filesystem::path& data_directory) {
  if (std::getenv(std::string(crypto::kMasterKeyVariable).c_str()) != nullptr) return Status::Ok();
  std::error_code ec;
  const std::filesystem::path key_file = crypto::MasterKeyFilePath(data_directory);
  if (std::filesystem::exists(key_file, ec) || ec) return Status::Ok();
  const std::filesystem::path store = EmbeddedEngine::StorePath(data_directory);
  const auto size = std::filesystem::file_size(store, ec);
  if (ec || size == 0) return Status::Ok();
  return Error(ErrorCode::kAccessDenied,
               "The master key file " + key_file.string() + " is missing, but the store " + store.string() +
                   " was written with a master key: restore master.key from a backup of the data directory, or "
                   "set FLOWFILE_MASTER_KEY to the key the store was written with. Nothing was created.");
}

}  // namespace

Result<std::shared_ptr<EmbeddedEngine>> EmbeddedEngine::Open(const std::filesystem::path& data_directory,
                                                             const Secret& database_url) {
  FLOWFILE_RETURN_IF_ERROR(RefuseNewKeyForWrittenStore(data_directory));
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, Keyring::Load(data_directory));
  // A server keeps working (sealing and opening secrets) after `flowfile keys
  // rotate` ran in another process.
  auto reload_keyring = [data_directory] { return Keyring::Load(data_directory); };
  if (!database_url.empty()) {
    std::optional<store::PostgresBackend> postgres = store::RegisteredPostgresBackend();
    if (!postgres) {
      return Error(ErrorCode::kInvalidArgument,
                   "database_url: this flowfile has no PostgreSQL backend (the Python package keeps its store "
                   "in SQLite: unset FLOWFILE_DATABASE_URL, or reach the shared store through a server with "
                   "FLOWFILE_API_URL).",
                   "database_url");
    }
    PostgresStoreOptions options{database_url, std::move(keyring), reload_keyring};
    FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionStore> store, postgres->open_store(options));
    auto open_accounts = [url = database_url, open = postgres->open_accounts] { return open(url); };
    store::PostgresFlowRecordsOpener open_flows = store::RegisteredPostgresFlowRecords();
    if (open_flows == nullptr) return Error(ErrorCode::kInternal, "The PostgreSQL backend has no flow table.");
    FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<store::FlowRecords> flows, open_flows(database_url));
    std::shared_ptr<EmbeddedEngine> engine(
        new EmbeddedEngine(data_directory, "postgresql", std::move(store), open_accounts));
    engine->flows_ = std::move(flows);
    return engine;
  }
  SqliteStoreOptions options;
  options.path = StorePath(data_directory);
  options.keyring = std::move(keyring);
  options.reload_keyring = reload_keyring;
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionStore> store, OpenSqliteStore(options));
  auto open_accounts = [path = options.path] { return store::OpenSqliteAccountRecords(path); };
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<store::FlowRecords> flows, store::OpenSqliteFlowRecords(options.path));
  std::shared_ptr<EmbeddedEngine> engine(
      new EmbeddedEngine(data_directory, "sqlite", std::move(store), open_accounts));
  engine->flows_ = std::move(flows);
  return engine;
}

UserSession EmbeddedEngine::ForUser(UserId user) { return UserSession(shared_from_this(), user); }

Status EmbeddedEngine::RotateMasterKey() {
  // The order makes every crash point safe: the new key is on disk before any
  // secret uses it, and old keys leave the key file only after no secret and
  // no key check row refers to them any more.
  std::lock_guard lock(rotation_mutex_);
  auto step_done = [&](RotationStep step) { return rotation_hook_ ? rotation_hook_(step) : Status::Ok(); };

  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, Keyring::Load(data_directory_));
  // Keys from FLOWFILE_MASTER_KEY are the user's to add and drop: with a new
  // version added there, rotating re-seals every secret with it, so the old
  // one can leave the variable. With one version, AddMasterKeyVersion says
  // how to add one.
  const bool environment_keys = keyring->from_environment() && keyring->versions().size() > 1;
  if (!environment_keys) {
    FLOWFILE_ASSIGN_OR_RETURN(keyring, crypto::AddMasterKeyVersion(data_directory_));
  }
  FLOWFILE_RETURN_IF_ERROR(step_done(RotationStep::kKeyAdded));
  FLOWFILE_RETURN_IF_ERROR(store_->ReencryptSecrets(keyring));
  FLOWFILE_RETURN_IF_ERROR(step_done(RotationStep::kSecretsResealed));
  FLOWFILE_RETURN_IF_ERROR(store_->DropKeyChecksExcept(keyring->active_version()));
  FLOWFILE_RETURN_IF_ERROR(step_done(RotationStep::kOldChecksDropped));
  if (!environment_keys) {
    FLOWFILE_RETURN_IF_ERROR(crypto::DropMasterKeyVersionsExcept(data_directory_, keyring->active_version()));
  }
  // Opened filesystems hold decrypted credentials, not ciphertexts: they stay valid.
  AuditEvent event;
  event.user_id = kLocalUserId;
  event.action = "rotated";
  event.outcome = "ok";
  event.detail = "master key version " + std::to_string(keyring->active_version());
  return store_->RecordAudit(event);
}

Result<cloud::CloudStorage> EmbeddedEngine::OpenStorage(UserId user, std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, store_->Get(user, name));
  // Checked on every use, cached or not: a name may resolve elsewhere now.
  FLOWFILE_ASSIGN_OR_RETURN(cloud::ApprovedEndpoint approved, cloud::ApproveEndpoint(info, endpoint_policy_));
  FLOWFILE_RETURN_IF_ERROR(host_identity_.Check(user, info));
  std::optional<cloud::CloudStorage> storage = filesystems_.Find(user, info);
  if (storage) {
    FLOWFILE_RETURN_IF_ERROR(store_->RecordUse(user, info));
  } else {
    FLOWFILE_ASSIGN_OR_RETURN(Connection connection, store_->GetWithSecrets(user, name));
    FLOWFILE_ASSIGN_OR_RETURN(storage, filesystems_.GetOrOpen(user, connection));
  }
  // The table library connects to the addresses just approved. Arrow's
  // clients cannot be told so and resolve again (SECURITY.md).
  storage->table_options = cloud::PinEndpointAddresses(storage->table_options, approved);
  return *std::move(storage);
}

Result<MasterKeyStatus> EmbeddedEngine::KeyStatus() {
  // Loaded afresh: a rotation by another process shows at once.
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, Keyring::Load(data_directory_));
  FLOWFILE_ASSIGN_OR_RETURN(auto secrets, store_->CountSecretsByKeyVersion());
  MasterKeyStatus status;
  status.source =
      keyring->from_environment() ? "FLOWFILE_MASTER_KEY" : crypto::MasterKeyFilePath(data_directory_).string();
  status.active_version = keyring->active_version();
  for (std::uint32_t version : keyring->versions()) {
    FLOWFILE_ASSIGN_OR_RETURN(std::string fingerprint, keyring->Fingerprint(version));
    const auto sealed = secrets.find(version);
    status.versions.push_back({.version = version,
                               .fingerprint = fingerprint.substr(0, 16),
                               .secrets = sealed == secrets.end() ? 0 : sealed->second});
  }
  return status;
}

}  // namespace service
}  // namespace flowfile
