#include "src/store/postgres/pg_shared_keyring.h"

#include <string>
#include <utility>
#include <vector>

#include "src/crypto/hex.h"
#include "src/crypto/random.h"
#include "src/store/postgres/pg_rows.h"

namespace flowfile::postgres {
namespace {

// Times come from the database's clock, so instances on machines whose
// clocks disagree still agree on who was seen lately.
constexpr std::string_view kNowMillis = "(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT";

std::string NewInstanceId() {
  unsigned char bytes[12];
  crypto::FillRandomOrAbort(bytes, sizeof bytes);
  return crypto::EncodeHex(bytes, sizeof bytes);
}

// A PostgreSQL array literal of the keyring's versions, e.g. {1,2}.
std::string VersionArray(const Keyring& keyring) {
  std::string array = "{";
  for (std::uint32_t version : keyring.versions()) {
    if (array.size() > 1) array += ",";
    array += std::to_string(version);
  }
  return array + "}";
}

}  // namespace

Result<std::optional<std::uint32_t>> SealingKeyVersion(PgConnection& db) {
  FLOWFILE_ASSIGN_OR_RETURN(PgResult sealing, db.Exec("SELECT key_version FROM sealing_key"));
  if (sealing.rows() == 0) return std::optional<std::uint32_t>();
  return std::optional<std::uint32_t>(static_cast<std::uint32_t>(sealing.Int(0, 0)));
}

SharedKeyring::SharedKeyring(std::shared_ptr<const Keyring> keyring, Reload reload,
                             std::chrono::milliseconds heartbeat)
    : reload_(std::move(reload)),
      heartbeat_(heartbeat),
      instance_(NewInstanceId()),
      keyring_(std::move(keyring)) {}

std::shared_ptr<const Keyring> SharedKeyring::Current() {
  std::lock_guard lock(mutex_);
  return keyring_;
}

Status SharedKeyring::Record(PgConnection& db, const Keyring& keyring) {
  return db.Run(
      "INSERT INTO key_holders (instance, versions, seen_at) VALUES ($1, $2::BIGINT[], " +
          std::string(kNowMillis) +
          ") ON CONFLICT (instance) DO UPDATE SET versions = excluded.versions, seen_at = excluded.seen_at",
      Params().Text(instance_).Text(VersionArray(keyring)));
}

Status SharedKeyring::Join(PgConnection& db) {
  const std::shared_ptr<const Keyring> keyring = Current();
  FLOWFILE_RETURN_IF_ERROR(Record(db, *keyring));
  return db.Run("INSERT INTO sealing_key (key_version) VALUES ($1) ON CONFLICT DO NOTHING",
                Params().Int(keyring->active_version()));
}

Status SharedKeyring::Leave(PgConnection& db) {
  return db.Run("DELETE FROM key_holders WHERE instance = $1", Params().Text(instance_));
}

Status SharedKeyring::Heartbeat(PgConnection& db) {
  std::shared_ptr<const Keyring> keyring = Current();
  if (reload_) {
    // A key file being rewritten, or unreadable for a moment, must not stop
    // the heartbeat: the keys already loaded stay in use.
    if (Result<std::shared_ptr<const Keyring>> reloaded = reload_(); reloaded.ok() && *reloaded) {
      if (Status matches = CheckAndRecordKeys(db, **reloaded); matches.ok()) {
        keyring = *reloaded;
        std::lock_guard lock(mutex_);
        keyring_ = keyring;
      }
    }
  }
  return Record(db, *keyring);
}

Result<std::shared_ptr<const Keyring>> SharedKeyring::SealingView(const std::shared_ptr<const Keyring>& keyring,
                                                                  std::uint32_t version) {
  if (keyring->active_version() == version) return keyring;
  {
    std::lock_guard lock(mutex_);
    if (view_of_ == keyring && view_ && view_->active_version() == version) return view_;
  }
  std::vector<MasterKey> keys;
  for (std::uint32_t held : keyring->versions()) {
    if (held <= version) keys.push_back(*keyring->Find(held));
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<const Keyring> view, Keyring::FromKeys(std::move(keys)));
  std::lock_guard lock(mutex_);
  view_of_ = keyring;
  view_ = view;
  return view;
}

Result<std::shared_ptr<const Keyring>> SharedKeyring::ForTransaction(PgConnection& db) {
  std::shared_ptr<const Keyring> keyring = Current();
  FLOWFILE_RETURN_IF_ERROR(LockKeysShared(db));
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::uint32_t> sealing, SealingKeyVersion(db));
  if (!sealing) return keyring;
  if (keyring->Find(*sealing) == nullptr && reload_) {
    // Activated while this instance's last heartbeat was older than its
    // key file: load the keys now rather than fail a request. Keys that do
    // not load leave the old ones in use: old secrets still open.
    Result<std::shared_ptr<const Keyring>> reloaded = reload_();
    if (reloaded.ok() && *reloaded && (*reloaded)->Find(*sealing) != nullptr) {
      FLOWFILE_RETURN_IF_ERROR(CheckAndRecordKeys(db, **reloaded));
      std::lock_guard lock(mutex_);
      keyring_ = *reloaded;
      keyring = *reloaded;
    }
  }
  if (keyring->Find(*sealing) == nullptr) return keyring;
  return SealingView(keyring, *sealing);
}

Result<std::int64_t> SharedKeyring::InstancesLacking(PgConnection& db, std::uint32_t version) {
  const std::int64_t window = 3 * heartbeat_.count();
  FLOWFILE_ASSIGN_OR_RETURN(
      PgResult lacking,
      db.Exec("SELECT count(*) FROM key_holders WHERE NOT ($1 = ANY (versions)) AND seen_at >= " +
                  std::string(kNowMillis) + " - $2",
              Params().Int(version).Int(window)));
  return lacking.Int(0, 0);
}

Status SharedKeyring::Activate(PgConnection& db, std::shared_ptr<const Keyring> keyring) {
  FLOWFILE_RETURN_IF_ERROR(CheckAndRecordKeys(db, *keyring));
  FLOWFILE_RETURN_IF_ERROR(Record(db, *keyring));
  const std::uint32_t version = keyring->active_version();
  FLOWFILE_ASSIGN_OR_RETURN(std::int64_t lacking, InstancesLacking(db, version));
  if (lacking > 0) {
    return Error(ErrorCode::kUnavailable,
                 std::to_string(lacking) +
                     " running flowfile instance(s) of this store cannot read master key version " +
                     std::to_string(version) +
                     " yet: give every instance the new key first (its key file, or FLOWFILE_MASTER_KEY with the "
                     "old and the new version, and a restart), then rotate again. Nothing was re-encrypted.");
  }
  FLOWFILE_RETURN_IF_ERROR(db.Run(
      "INSERT INTO sealing_key (key_version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET key_version = "
      "excluded.key_version",
      Params().Int(version)));
  std::lock_guard lock(mutex_);
  keyring_ = std::move(keyring);
  return Status::Ok();
}

}  // namespace flowfile::postgres
