// The private implementation of Engine: keyring, SQLite store, cache of
// opened filesystems and flow runs of one data directory. Internal to the
// service layer (and its tests).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "flowfile/engine.h"
#include "src/cloud/filesystem_cache.h"
#include "src/service/flow_runs.h"
#include "src/service/host_identity_gate.h"
#include "src/store/account_records.h"
#include "src/store/flow_records.h"

namespace flowfile::service {

// Points where a test can stop a master key rotation, to prove that a crash
// at each of them leaves every secret readable.
enum class RotationStep { kKeyAdded, kSecretsResealed, kOldChecksDropped };

class EmbeddedEngine final : public std::enable_shared_from_this<EmbeddedEngine> {
 public:
  // With an empty `database_url`, the SQLite store of the data directory.
  static Result<std::shared_ptr<EmbeddedEngine>> Open(const std::filesystem::path& data_directory,
                                                      const Secret& database_url = Secret());
  // The implementation of `engine`, for the service layer's internals.
  static EmbeddedEngine& Of(const Engine& engine) { return *engine.impl_; }
  // The public facade over this implementation.
  std::shared_ptr<Engine> AsEngine() { return std::shared_ptr<Engine>(new Engine(shared_from_this())); }

  UserSession ForUser(UserId user);
  ConnectionStore& store() { return *store_; }
  // The account tables of the same store backend (for a server's accounts).
  Result<std::unique_ptr<store::AccountRecords>> OpenAccountRecords() const { return open_accounts_(); }
  // The SQLite store file of a data directory.
  std::string_view store_backend() const { return backend_; }
  static std::filesystem::path StorePath(const std::filesystem::path& data_directory) {
    return data_directory / "flowfile.db";
  }
  std::filesystem::path store_path() const { return StorePath(data_directory_); }
  Status RotateMasterKey();
  Result<MasterKeyStatus> KeyStatus();

  // Test hook: called after each step of RotateMasterKey; an error returned
  // from it stops the rotation there, as a crash would.
  void SetRotationHook(std::function<Status(RotationStep)> hook) { rotation_hook_ = std::move(hook); }

  cloud::FileSystemCache& filesystems() { return filesystems_; }
  // The opened storage of `user`'s connection `name` (kNotFound for another
  // user's), its use recorded. Secrets are opened only when no filesystem of
  // the connection's current credentials is cached. kInvalidEndpoint when
  // the endpoint policy refuses its endpoint.
  Result<cloud::CloudStorage> OpenStorage(UserId user, std::string_view name);
  // Set before the engine is shared between threads (Engine::SetEndpointPolicy).
  void SetEndpointPolicy(EndpointPolicy policy) { endpoint_policy_ = std::move(policy); }
  const EndpointPolicy& endpoint_policy() const { return endpoint_policy_; }
  // Set before the engine is shared between threads (Engine::RequireHostIdentityGrant).
  void SetHostIdentityGate(HostIdentityGate gate) { host_identity_ = std::move(gate); }
  const HostIdentityGate& host_identity() const { return host_identity_; }
  FlowRuns& flow_runs() { return flow_runs_; }
  // The saved flows of the same store backend.
  store::FlowRecords& flows() { return *flows_; }

 private:
  using AccountsOpener = std::function<Result<std::unique_ptr<store::AccountRecords>>()>;
  EmbeddedEngine(std::filesystem::path data_directory, std::string_view backend,
                 std::unique_ptr<ConnectionStore> store, AccountsOpener open_accounts)
      : data_directory_(std::move(data_directory)),
        backend_(backend),
        store_(std::move(store)),
        open_accounts_(std::move(open_accounts)) {}

  std::filesystem::path data_directory_;
  std::string_view backend_;
  std::unique_ptr<ConnectionStore> store_;
  AccountsOpener open_accounts_;
  std::unique_ptr<store::FlowRecords> flows_;  // set by Open
  cloud::FileSystemCache filesystems_;
  std::mutex rotation_mutex_;  // one rotation at a time in this process
  std::function<Status(RotationStep)> rotation_hook_;
  EndpointPolicy endpoint_policy_;
  HostIdentityGate host_identity_;
  FlowRuns flow_runs_;  // last: destroyed first, waiting for running flows
};

}  // namespace flowfile::service
