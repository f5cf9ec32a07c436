// The PostgreSQL ConnectionStore: several flowfile instances share one
// database. Each call borrows a connection from the pool and runs in one
// transaction. Instances coordinate through PostgreSQL itself: unique
// (user, name) with INSERT ... ON CONFLICT for atomic creates, row locks for
// read-then-write, and an advisory lock ordering sealing against master key
// rotation (pg_rows.h). Safe for use from several threads.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

#include "flowfile/connection_store.h"
#include "src/store/postgres/pg_migrations.h"
#include "src/store/postgres/pg_pool.h"
#include "src/store/postgres/pg_rows.h"
#include "src/store/postgres/pg_shared_keyring.h"
#include "src/store/store_errors.h"
#include "src/store/update_plan.h"

namespace flowfile {
namespace {

using postgres::Params;
using postgres::PgConnection;

AuditEvent Event(const ConnectionInfo& info, UserId user, std::string action, std::string detail = {}) {
  return {store::NowMillis(), user, info.id, info.connection_name, std::move(action), "ok", std::move(detail)};
}

class PostgresConnectionStore final : public ConnectionStore {
 public:
  PostgresConnectionStore(std::unique_ptr<postgres::PgPool> pool, std::unique_ptr<postgres::SharedKeyring> keys)
      : pool_(std::move(pool)),
        keys_(std::move(keys)),
        heartbeat_([this](const std::stop_token& stop) { Beat(stop); }) {}

  ~PostgresConnectionStore() override {
    heartbeat_.request_stop();
    heartbeat_.join();
    // Gone instances stop counting after three heartbeats anyway.
    (void)pool_->Transact([&](PgConnection& db) { return keys_->Leave(db); });
  }

  Result<ConnectionInfo> Create(UserId user, const Connection& connection) override {
    FLOWFILE_ASSIGN_OR_RETURN(CreateOutcome outcome, CreateOnce(user, connection));
    if (!outcome.created) return store::ConnectionExists(connection.info.connection_name);
    return std::move(outcome.connection);
  }

  Result<CreateOutcome> CreateIfNotExists(UserId user, const Connection& connection) override {
    return CreateOnce(user, connection);
  }

  Result<ConnectionInfo> Get(UserId user, std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) { return Find(db, user, name); });
  }

  Result<ConnectionInfo> GetById(UserId user, std::int64_t id) override {
    return pool_->Transact([&](PgConnection& db) -> Result<ConnectionInfo> {
      FLOWFILE_ASSIGN_OR_RETURN(auto found, postgres::FindConnectionById(db, user, id));
      if (!found) return store::ConnectionIdNotFound(id);
      return std::move(*found);
    });
  }

  Result<Connection> GetWithSecrets(UserId user, std::string_view name) override {
    std::optional<ConnectionInfo> found;
    Result<Connection> result = pool_->Transact([&](PgConnection& db) -> Result<Connection> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, Find(db, user, name));
      found = info;
      FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, FollowRotation(db));
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionSecrets secrets, postgres::LoadSecrets(db, *keyring, user, info));
      info.last_used_at = store::NowMillis();
      FLOWFILE_RETURN_IF_ERROR(db.Run("UPDATE connections SET last_used_at = $1 WHERE id = $2",
                                      Params().Int(info.last_used_at).Int(info.id)));
      FLOWFILE_RETURN_IF_ERROR(postgres::InsertAuditEvent(db, Event(info, user, "used")));
      return Connection{std::move(info), std::move(secrets)};
    });
    if (!result.ok() && found) {
      // A secret that does not open is worth a record even though the read
      // failed; the record's own failure must not hide the original error.
      AuditEvent failed = Event(*found, user, "used");
      failed.outcome = ErrorCodeName(result.error().code());
      (void)RecordAudit(failed);
    }
    return result;
  }

  Status RecordUse(UserId user, const ConnectionInfo& info) override {
    return pool_->Transact([&](PgConnection& db) -> Status {
      FLOWFILE_ASSIGN_OR_RETURN(postgres::PgResult used,
                                db.Exec("UPDATE connections SET last_used_at = $1 WHERE id = $2 AND user_id = $3",
                                        Params().Int(store::NowMillis()).Int(info.id).Int(user)));
      if (used.affected() == 0) return store::ConnectionNotFound(info.connection_name);
      return postgres::InsertAuditEvent(db, Event(info, user, "used"));
    });
  }

  Result<std::vector<ConnectionInfo>> List(UserId user) override {
    return pool_->Transact([&](PgConnection& db) { return postgres::ListConnections(db, user); });
  }

  Result<ConnectionInfo> Update(UserId user, std::string_view name, const ConnectionUpdate& update) override {
    return pool_->Transact([&](PgConnection& db) -> Result<ConnectionInfo> {
      // The key lock before the row lock, in the order a rotation takes them.
      FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, FollowRotation(db));
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo stored, Find(db, user, name, true));
      FLOWFILE_ASSIGN_OR_RETURN(store::UpdatePlan plan, store::PlanUpdate(stored, update));
      plan.info.updated_at = store::NowMillis();
      FLOWFILE_RETURN_IF_ERROR(postgres::UpdateConnectionRow(db, plan.info));
      for (SecretField field : kAllSecretFields) {
        const store::SecretChange change = plan.secrets[static_cast<std::size_t>(field)];
        if (change == store::SecretChange::kSet) {
          FLOWFILE_RETURN_IF_ERROR(postgres::StoreSecret(db, *keyring, user, plan.info, field,
                                                         CanonicalSecretValue(field, update.secrets.get(field))));
        } else if (change == store::SecretChange::kRemove) {
          FLOWFILE_RETURN_IF_ERROR(postgres::RemoveSecret(db, stored.id, field));
        }
      }
      std::string detail;
      for (const std::string& changed : plan.changed_fields)
        detail += (detail.empty() ? "changed " : ", ") + changed;
      FLOWFILE_RETURN_IF_ERROR(postgres::InsertAuditEvent(db, Event(plan.info, user, "updated", detail)));
      return std::move(plan.info);
    });
  }

  Result<ConnectionInfo> Rename(UserId user, std::string_view from, std::string_view to) override {
    FLOWFILE_RETURN_IF_ERROR(ValidateConnectionName(to));
    return pool_->Transact([&](PgConnection& db) -> Result<ConnectionInfo> {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, Find(db, user, from, true));
      if (from == to) return info;
      FLOWFILE_ASSIGN_OR_RETURN(auto taken, postgres::FindConnection(db, user, to));
      if (taken) return store::ConnectionExists(to);
      info.connection_name = std::string(to);
      info.updated_at = store::NowMillis();
      Status renamed = db.Run("UPDATE connections SET name = $1, updated_at = $2 WHERE id = $3",
                              Params().Text(to).Int(info.updated_at).Int(info.id));
      // Another instance took the name between the check and the update.
      if (!renamed.ok() && renamed.error().code() == ErrorCode::kAlreadyExists) return store::ConnectionExists(to);
      FLOWFILE_RETURN_IF_ERROR(renamed);
      FLOWFILE_RETURN_IF_ERROR(postgres::InsertAuditEvent(
          db, Event(info, user, "renamed", "renamed from '" + std::string(from) + "'")));
      return info;
    });
  }

  Status Delete(UserId user, std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) -> Status {
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, Find(db, user, name, true));
      FLOWFILE_RETURN_IF_ERROR(db.Run("DELETE FROM connections WHERE id = $1", Params().Int(info.id)));
      return postgres::InsertAuditEvent(db, Event(info, user, "deleted"));
    });
  }

  Status RecordAudit(const AuditEvent& event) override {
    AuditEvent stamped = event;
    if (stamped.at == 0) stamped.at = store::NowMillis();
    return pool_->Transact([&](PgConnection& db) { return postgres::InsertAuditEvent(db, stamped); });
  }

  Result<std::vector<AuditEvent>> AuditLog(UserId user, int limit) override {
    if (limit < 0) return InvalidField("limit", "must not be negative.");
    return pool_->Transact([&](PgConnection& db) { return postgres::ReadAuditLog(db, user, limit); });
  }

  Status ReencryptSecrets(std::shared_ptr<const Keyring> keyring) override {
    if (!keyring) return Error(ErrorCode::kInvalidArgument, "ReencryptSecrets needs a keyring.");
    WaitForKeyHolders(keyring);
    return pool_->Transact([&](PgConnection& db) -> Status {
      // Alone: no instance seals a secret with an old version meanwhile.
      FLOWFILE_RETURN_IF_ERROR(postgres::LockKeysExclusive(db));
      FLOWFILE_RETURN_IF_ERROR(keys_->Activate(db, keyring));
      FLOWFILE_ASSIGN_OR_RETURN(std::vector<postgres::ResealedConnection> resealed,
                                postgres::ResealOldSecrets(db, *keyring));
      const std::string detail =
          "secrets re-encrypted with master key version " + std::to_string(keyring->active_version());
      for (const postgres::ResealedConnection& connection : resealed) {
        FLOWFILE_RETURN_IF_ERROR(
            postgres::InsertAuditEvent(db, {store::NowMillis(), connection.user_id, connection.connection_id,
                                            connection.connection_name, "rotated", "ok", detail}));
      }
      return Status::Ok();
    });
  }

  Status DropKeyChecksExcept(std::uint32_t keep) override {
    return pool_->Transact([&](PgConnection& db) -> Status {
      FLOWFILE_RETURN_IF_ERROR(postgres::LockKeysExclusive(db));
      return postgres::ForgetKeyVersionsExcept(db, keep);
    });
  }

  Result<std::map<std::uint32_t, std::int64_t>> CountSecretsByKeyVersion() override {
    return pool_->Transact([&](PgConnection& db) -> Result<std::map<std::uint32_t, std::int64_t>> {
      FLOWFILE_ASSIGN_OR_RETURN(
          postgres::PgResult counted,
          db.Exec("SELECT key_version, count(*) FROM connection_secrets GROUP BY key_version"));
      std::map<std::uint32_t, std::int64_t> counts;
      for (int row = 0; row < counted.rows(); ++row) {
        counts[static_cast<std::uint32_t>(counted.Int(row, 0))] = counted.Int(row, 1);
      }
      return counts;
    });
  }

  Result<UserId> CreateUser(std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) { return postgres::InsertUser(db, name, store::NowMillis()); });
  }

  Result<UserId> FindUser(std::string_view name) override {
    return pool_->Transact([&](PgConnection& db) -> Result<UserId> {
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<UserId> found, postgres::FindUserByName(db, name));
      if (!found) return Error(ErrorCode::kNotFound, "User not found: '" + std::string(name) + "'.");
      return *found;
    });
  }

 private:
  // One insert, atomic across instances: ON CONFLICT leaves the row of a
  // racing create alone, and this call then returns that row.
  Result<CreateOutcome> CreateOnce(UserId user, const Connection& connection) {
    FLOWFILE_RETURN_IF_ERROR(ValidateConnection(connection));
    const std::string& name = connection.info.connection_name;
    return pool_->Transact([&](PgConnection& db) -> Result<CreateOutcome> {
      FLOWFILE_ASSIGN_OR_RETURN(auto existing, postgres::FindConnection(db, user, name));
      if (existing) return CreateOutcome{std::move(*existing), false};
      FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> keyring, FollowRotation(db));
      FLOWFILE_ASSIGN_OR_RETURN(bool user_exists, postgres::UserExists(db, user));
      if (!user_exists) return Error(ErrorCode::kNotFound, "User not found: id " + std::to_string(user) + ".");
      FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::int64_t> id,
                                postgres::InsertConnectionRow(db, user, connection.info, store::NowMillis()));
      if (!id) {
        FLOWFILE_ASSIGN_OR_RETURN(auto winner, postgres::FindConnection(db, user, name));
        if (!winner)
          return Error(ErrorCode::kUnavailable, "A connection named '" + name +
                                                    "' was being created "
                                                    "and deleted at once: try again.");
        return CreateOutcome{std::move(*winner), false};
      }
      // Sealed for the destination as stored, read back from the row.
      FLOWFILE_ASSIGN_OR_RETURN(auto created, postgres::FindConnectionById(db, user, *id));
      if (!created) return Error(ErrorCode::kInternal, "A connection vanished inside its own transaction.");
      for (SecretField field : kAllSecretFields) {
        if (!connection.secrets.has(field)) continue;
        FLOWFILE_RETURN_IF_ERROR(postgres::StoreSecret(
            db, *keyring, user, *created, field, CanonicalSecretValue(field, connection.secrets.get(field))));
      }
      FLOWFILE_ASSIGN_OR_RETURN(created, postgres::FindConnectionById(db, user, *id));
      if (!created) return Error(ErrorCode::kInternal, "A connection vanished inside its own transaction.");
      const std::string detail = std::string(StorageTypeName(created->storage_type)) + " " +
                                 std::string(AuthMethodName(created->auth_method));
      FLOWFILE_RETURN_IF_ERROR(postgres::InsertAuditEvent(db, Event(*created, user, "created", detail)));
      return CreateOutcome{std::move(*created), true};
    });
  }

  Result<ConnectionInfo> Find(PgConnection& db, UserId user, std::string_view name, bool for_update = false) {
    FLOWFILE_ASSIGN_OR_RETURN(auto found, postgres::FindConnection(db, user, name, for_update));
    if (!found) return store::ConnectionNotFound(name);
    return std::move(*found);
  }

  // The keyring to seal and open with in this transaction (SharedKeyring::
  // ForTransaction): takes the key lock shared, so no rotation commits
  // between this check and the sealing that follows.
  Result<std::shared_ptr<const Keyring>> FollowRotation(PgConnection& db) { return keys_->ForTransaction(db); }

  // Gives the other instances up to three heartbeats to load a new key
  // before Activate refuses to make it the sealing one.
  void WaitForKeyHolders(const std::shared_ptr<const Keyring>& keyring) {
    const auto deadline = std::chrono::steady_clock::now() + 3 * keys_->heartbeat();
    while (std::chrono::steady_clock::now() < deadline) {
      Result<std::int64_t> lacking = pool_->Transact([&](PgConnection& db) -> Result<std::int64_t> {
        FLOWFILE_RETURN_IF_ERROR(keys_->Publish(db, *keyring));
        return keys_->InstancesLacking(db, keyring->active_version());
      });
      if (!lacking.ok() || *lacking == 0) return;
      std::this_thread::sleep_for(keys_->heartbeat() / 4);
    }
  }

  // Every heartbeat: this instance's keys loaded again and published. A
  // failed beat (database restarting) is retried at the next one.
  void Beat(const std::stop_token& stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, keys_->heartbeat(), [] { return false; });
      }
      if (stop.stop_requested()) return;
      (void)pool_->Transact([&](PgConnection& db) { return keys_->Heartbeat(db); });
    }
  }

  std::unique_ptr<postgres::PgPool> pool_;
  std::unique_ptr<postgres::SharedKeyring> keys_;
  std::jthread heartbeat_;  // last: stopped before the members it uses go
};

}  // namespace

Result<std::unique_ptr<ConnectionStore>> OpenPostgresStore(const PostgresStoreOptions& options) {
  if (!options.keyring) return Error(ErrorCode::kInvalidArgument, "Opening the store needs a keyring.");
  if (options.key_heartbeat.count() <= 0) {
    return Error(ErrorCode::kInvalidArgument, "key_heartbeat must be positive.", "key_heartbeat");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgPool> pool, postgres::PgPool::Open(options.url));
  postgres::MigrationSet schema = postgres::ConnectionSchema();
  schema.after_step = [&options](PgConnection& db, int step) -> Status {
    if (step != postgres::kBindSecretsStep) return Status::Ok();
    // Alone, with keys that match the store, as a rotation re-seals.
    FLOWFILE_RETURN_IF_ERROR(postgres::LockKeysExclusive(db));
    FLOWFILE_RETURN_IF_ERROR(postgres::CheckAndRecordKeys(db, *options.keyring));
    return postgres::BindSecretsToDestinations(db, *options.keyring).status();
  };
  FLOWFILE_RETURN_IF_ERROR(postgres::MigrateToLatest(*pool, schema));
  auto keys =
      std::make_unique<postgres::SharedKeyring>(options.keyring, options.reload_keyring, options.key_heartbeat);
  Status keys_match = pool->Transact([&](PgConnection& db) -> Status {
    FLOWFILE_RETURN_IF_ERROR(postgres::LockKeysShared(db));
    FLOWFILE_RETURN_IF_ERROR(postgres::CheckAndRecordKeys(db, *options.keyring));
    return keys->Join(db);
  });
  if (!keys_match.ok()) return keys_match.error();
  return std::unique_ptr<ConnectionStore>(
      std::make_unique<PostgresConnectionStore>(std::move(pool), std::move(keys)));
}

}  // namespace flowfile
