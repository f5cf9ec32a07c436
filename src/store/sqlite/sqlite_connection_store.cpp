// The SQLite ConnectionStore.
//
// Thread safety: one SQLite connection serves every thread of a process, and
// mutex_ serialises the calls so that one call's transaction never has
// another thread's statements inside it. Processes sharing the file
// coordinate through SQLite itself: every read-then-write runs in BEGIN
// IMMEDIATE (the write lock is taken before the read) and waits on the busy
// timeout instead of failing.
#include <optional>
#include <string>
#include <utility>

#include "flowfile/connection_store.h"
#include "flowfile/data_directory.h"
#include "src/core/mutex.h"
#include "src/store/sqlite/audit_rows.h"
#include "src/store/sqlite/connection_rows.h"
#include "src/store/sqlite/connection_schema.h"
#include "src/store/sqlite/key_check.h"
#include "src/store/sqlite/secret_rows.h"
#include "src/store/sqlite/sqlite_database.h"
#include "src/store/sqlite/user_rows.h"
#include "src/store/store_errors.h"
#include "src/store/update_plan.h"

namespace flowfile {
namespace {

using sqlite::Database;
using sqlite::InTransaction;
using sqlite::Statement;

AuditEvent Event(const ConnectionInfo& info, UserId user, std::string action, std::string detail = {}) {
  return {store::NowMillis(), user, info.id, info.connection_name, std::move(action), "ok", std::move(detail)};
}

class SqliteConnectionStore final : public ConnectionStore {
 public:
  SqliteConnectionStore(std::unique_ptr<Database> db, const SqliteStoreOptions& options,
                        std::filesystem::path path)
      : db_(std::move(db)),
        keyring_(options.keyring),
        reload_keyring_(options.reload_keyring),
        path_(std::move(path)) {}

  Result<ConnectionInfo> Create(UserId user, const Connection& connection) override {
    FLOWFILE_RETURN_IF_ERROR(ValidateConnection(connection));
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<ConnectionInfo> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(auto existing,
                                sqlite::FindConnection(*db_, user, connection.info.connection_name));
      if (existing) return store::ConnectionExists(connection.info.connection_name);
      FLOWFILE_RETURN_IF_ERROR(FollowRotationLocked());
      return InsertLocked(user, connection);
    });
  }

  Result<CreateOutcome> CreateIfNotExists(UserId user, const Connection& connection) override {
    FLOWFILE_RETURN_IF_ERROR(ValidateConnection(connection));
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<CreateOutcome> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(auto existing,
                                sqlite::FindConnection(*db_, user, connection.info.connection_name));
      if (existing) return CreateOutcome{std::move(*existing), false};
      FLOWFILE_RETURN_IF_ERROR(FollowRotationLocked());
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo created, InsertLocked(user, connection));
      return CreateOutcome{std::move(created), true};
    });
  }

  Result<ConnectionInfo> Get(UserId user, std::string_view name) override {
    MutexLock lock(mutex_);
    return FindLocked(user, name);
  }

  Result<ConnectionInfo> GetById(UserId user, std::int64_t id) override {
    MutexLock lock(mutex_);
    FLOWFILE_ASSIGN_OR_RETURN(auto found, sqlite::FindConnectionById(*db_, user, id));
    if (!found) return store::ConnectionIdNotFound(id);
    return std::move(*found);
  }

  Result<Connection> GetWithSecrets(UserId user, std::string_view name) override {
    MutexLock lock(mutex_);
    std::optional<ConnectionInfo> found;
    Result<Connection> result = InTransaction(*db_, [&]() -> Result<Connection> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, FindLocked(user, name));
      found = info;
      FLOWFILE_RETURN_IF_ERROR(FollowRotationLocked());
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionSecrets secrets, sqlite::LoadSecrets(*db_, *keyring_, user, info));
      info.last_used_at = store::NowMillis();
      FLOWFILE_ASSIGN_OR_RETURN(Statement used,
                                db_->PrepareCached("UPDATE connections SET last_used_at = ? WHERE id = ?"));
      FLOWFILE_RETURN_IF_ERROR(used.Bind(1, info.last_used_at).Bind(2, info.id).Run());
      FLOWFILE_RETURN_IF_ERROR(sqlite::InsertAuditEvent(*db_, Event(info, user, "used")));
      return Connection{std::move(info), std::move(secrets)};
    });
    if (!result.ok() && found) {
      // A secret that does not open is worth a record even though the read
      // failed; the record's own failure must not hide the original error.
      AuditEvent failed = Event(*found, user, "used");
      failed.outcome = ErrorCodeName(result.error().code());
      (void)sqlite::InsertAuditEvent(*db_, failed);
    }
    return result;
  }

  Status RecordUse(UserId user, const ConnectionInfo& info) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Status {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(
          Statement used,
          db_->PrepareCached("UPDATE connections SET last_used_at = ? WHERE id = ? AND user_id = ?"));
      FLOWFILE_RETURN_IF_ERROR(used.Bind(1, store::NowMillis()).Bind(2, info.id).Bind(3, user).Run());
      if (db_->Changes() == 0) return store::ConnectionNotFound(info.connection_name);
      return sqlite::InsertAuditEvent(*db_, Event(info, user, "used"));
    });
  }

  Result<std::vector<ConnectionInfo>> List(UserId user) override {
    MutexLock lock(mutex_);
    return sqlite::ListConnections(*db_, user);
  }

  Result<ConnectionInfo> Update(UserId user, std::string_view name, const ConnectionUpdate& update) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<ConnectionInfo> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo stored, FindLocked(user, name));
      FLOWFILE_ASSIGN_OR_RETURN(store::UpdatePlan plan, store::PlanUpdate(stored, update));
      FLOWFILE_RETURN_IF_ERROR(FollowRotationLocked());
      plan.info.updated_at = store::NowMillis();
      FLOWFILE_RETURN_IF_ERROR(sqlite::UpdateConnectionRow(*db_, plan.info));
      for (SecretField field : kAllSecretFields) {
        const store::SecretChange change = plan.secrets[static_cast<std::size_t>(field)];
        if (change == store::SecretChange::kSet) {
          FLOWFILE_RETURN_IF_ERROR(sqlite::StoreSecret(*db_, *keyring_, user, plan.info, field,
                                                       CanonicalSecretValue(field, update.secrets.get(field))));
        } else if (change == store::SecretChange::kRemove) {
          FLOWFILE_RETURN_IF_ERROR(sqlite::RemoveSecret(*db_, stored.id, field));
        }
      }
      std::string detail;
      for (const std::string& changed : plan.changed_fields)
        detail += (detail.empty() ? "changed " : ", ") + changed;
      FLOWFILE_RETURN_IF_ERROR(sqlite::InsertAuditEvent(*db_, Event(plan.info, user, "updated", detail)));
      return std::move(plan.info);
    });
  }

  Result<ConnectionInfo> Rename(UserId user, std::string_view from, std::string_view to) override {
    FLOWFILE_RETURN_IF_ERROR(ValidateConnectionName(to));
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Result<ConnectionInfo> {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, FindLocked(user, from));
      if (from == to) return info;
      FLOWFILE_ASSIGN_OR_RETURN(auto taken, sqlite::FindConnection(*db_, user, to));
      if (taken) return store::ConnectionExists(to);
      info.connection_name = std::string(to);
      info.updated_at = store::NowMillis();
      FLOWFILE_ASSIGN_OR_RETURN(
          Statement rename, db_->PrepareCached("UPDATE connections SET name = ?, updated_at = ? WHERE id = ?"));
      FLOWFILE_RETURN_IF_ERROR(rename.Bind(1, to).Bind(2, info.updated_at).Bind(3, info.id).Run());
      FLOWFILE_RETURN_IF_ERROR(sqlite::InsertAuditEvent(
          *db_, Event(info, user, "renamed", "renamed from '" + std::string(from) + "'")));
      return info;
    });
  }

  Status Delete(UserId user, std::string_view name) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Status {
      mutex_.AssertHeld();
      FLOWFILE_ASSIGN_OR_RETURN(ConnectionInfo info, FindLocked(user, name));
      FLOWFILE_ASSIGN_OR_RETURN(Statement remove, db_->PrepareCached("DELETE FROM connections WHERE id = ?"));
      FLOWFILE_RETURN_IF_ERROR(remove.Bind(1, info.id).Run());
      return sqlite::InsertAuditEvent(*db_, Event(info, user, "deleted"));
    });
  }

  Status RecordAudit(const AuditEvent& event) override {
    AuditEvent stamped = event;
    if (stamped.at == 0) stamped.at = store::NowMillis();
    MutexLock lock(mutex_);
    return sqlite::InsertAuditEvent(*db_, stamped);
  }

  Result<std::vector<AuditEvent>> AuditLog(UserId user, int limit) override {
    if (limit < 0) return InvalidField("limit", "must not be negative.");
    MutexLock lock(mutex_);
    return sqlite::ReadAuditLog(*db_, user, limit);
  }

  Status ReencryptSecrets(std::shared_ptr<const Keyring> keyring) override {
    if (!keyring) return Error(ErrorCode::kInvalidArgument, "ReencryptSecrets needs a keyring.");
    MutexLock lock(mutex_);
    Status resealed_all = InTransaction(*db_, [&]() -> Status {
      mutex_.AssertHeld();
      FLOWFILE_RETURN_IF_ERROR(sqlite::CheckAndRecordKeys(*db_, *keyring, path_));
      FLOWFILE_ASSIGN_OR_RETURN(std::vector<sqlite::ResealedConnection> resealed,
                                sqlite::ResealOldSecrets(*db_, *keyring));
      const std::string detail =
          "secrets re-encrypted with master key version " + std::to_string(keyring->active_version());
      for (const sqlite::ResealedConnection& connection : resealed) {
        FLOWFILE_RETURN_IF_ERROR(
            sqlite::InsertAuditEvent(*db_, {store::NowMillis(), connection.user_id, connection.connection_id,
                                            connection.connection_name, "rotated", "ok", detail}));
      }
      return Status::Ok();
    });
    if (!resealed_all.ok()) return resealed_all;
    keyring_ = std::move(keyring);
    return Status::Ok();
  }

  Status DropKeyChecksExcept(std::uint32_t keep) override {
    MutexLock lock(mutex_);
    return InTransaction(*db_, [&]() -> Status {
      mutex_.AssertHeld();
      return sqlite::ForgetKeyVersionsExcept(*db_, keep);
    });
  }

  Result<std::map<std::uint32_t, std::int64_t>> CountSecretsByKeyVersion() override {
    MutexLock lock(mutex_);
    return sqlite::CountSecretsByKeyVersion(*db_);
  }

  Result<UserId> CreateUser(std::string_view name) override {
    MutexLock lock(mutex_);
    return sqlite::InsertUser(*db_, name, store::NowMillis());
  }

  Result<UserId> FindUser(std::string_view name) override {
    MutexLock lock(mutex_);
    return sqlite::FindUserByName(*db_, name);
  }

 private:
  // Picks up a master key rotation done by another process since keyring_
  // was loaded (SqliteStoreOptions::reload_keyring). Runs inside the
  // caller's transaction, so no rotation can commit between this check and
  // the sealing that follows.
  Status FollowRotationLocked() FLOWFILE_REQUIRES(mutex_) {
    if (!reload_keyring_) return Status::Ok();
    FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> newest, sqlite::NewestKeyVersion(*db_));
    if (!newest || *newest <= keyring_->active_version()) return Status::Ok();
    FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> reloaded, reload_keyring_());
    // No newer key to be had (keys from the environment): StoreSecret refuses.
    if (reloaded->active_version() < *newest) return Status::Ok();
    FLOWFILE_RETURN_IF_ERROR(sqlite::CheckAndRecordKeys(*db_, *reloaded, path_));
    keyring_ = std::move(reloaded);
    return Status::Ok();
  }

  Result<ConnectionInfo> FindLocked(UserId user, std::string_view name) FLOWFILE_REQUIRES(mutex_) {
    FLOWFILE_ASSIGN_OR_RETURN(auto found, sqlite::FindConnection(*db_, user, name));
    if (!found) return store::ConnectionNotFound(name);
    return std::move(*found);
  }

  // Inserts the row, its sealed secrets and the audit record; the caller
  // holds the transaction, so a failure leaves nothing behind.
  Result<ConnectionInfo> InsertLocked(UserId user, const Connection& connection) FLOWFILE_REQUIRES(mutex_) {
    FLOWFILE_ASSIGN_OR_RETURN(bool user_exists, sqlite::UserExists(*db_, user));
    if (!user_exists) return Error(ErrorCode::kNotFound, "User not found: id " + std::to_string(user) + ".");
    FLOWFILE_ASSIGN_OR_RETURN(std::int64_t id,
                              sqlite::InsertConnectionRow(*db_, user, connection.info, store::NowMillis()));
    // Sealed for the row as stored, so the binding is what LoadSecrets reads.
    FLOWFILE_ASSIGN_OR_RETURN(auto created, sqlite::FindConnectionById(*db_, user, id));
    if (!created) return Error(ErrorCode::kInternal, "A connection vanished inside its own transaction.");
    for (SecretField field : kAllSecretFields) {
      if (!connection.secrets.has(field)) continue;
      FLOWFILE_RETURN_IF_ERROR(sqlite::StoreSecret(*db_, *keyring_, user, *created, field,
                                                   CanonicalSecretValue(field, connection.secrets.get(field))));
    }
    FLOWFILE_ASSIGN_OR_RETURN(created, sqlite::FindConnectionById(*db_, user, id));
    if (!created) return Error(ErrorCode::kInternal, "A connection vanished inside its own transaction.");
    const std::string detail = std::string(StorageTypeName(created->storage_type)) + " " +
                               std::string(AuthMethodName(created->auth_method));
    FLOWFILE_RETURN_IF_ERROR(sqlite::InsertAuditEvent(*db_, Event(*created, user, "created", detail)));
    return std::move(*created);
  }

  Mutex mutex_;
  std::unique_ptr<Database> db_ FLOWFILE_GUARDED_BY(mutex_);
  std::shared_ptr<const Keyring> keyring_
      FLOWFILE_GUARDED_BY(mutex_);  // replaced by ReencryptSecrets and rotations
  const std::function<Result<std::shared_ptr<const Keyring>>()> reload_keyring_;
  const std::filesystem::path path_;
};

}  // namespace

Result<std::unique_ptr<ConnectionStore>> OpenSqliteStore(const SqliteStoreOptions& options) {
  if (!options.keyring) return Error(ErrorCode::kInvalidArgument, "Opening the store needs a keyring.");
  std::filesystem::path path = options.path;
  if (path.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(std::filesystem::path data_directory, OpenDataDirectory());
    path = data_directory / "flowfile.db";
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  FLOWFILE_RETURN_IF_ERROR(sqlite::MigrateToLatest(*db, sqlite::ConnectionSchema()));
  Status keys_checked = InTransaction(*db, [&]() -> Status {
    FLOWFILE_RETURN_IF_ERROR(sqlite::CheckAndRecordKeys(*db, *options.keyring, path));
    // Stores of a flowfile before secrets were bound to their destination.
    return sqlite::ResealFormat1Secrets(*db, *options.keyring).status();
  });
  if (!keys_checked.ok()) return keys_checked.error();
  return std::unique_ptr<ConnectionStore>(
      std::make_unique<SqliteConnectionStore>(std::move(db), options, std::move(path)));
}

}  // namespace flowfile
