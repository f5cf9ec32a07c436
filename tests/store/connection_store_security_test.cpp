// Secrets at rest: nothing plain on disk, ciphertexts bound to their row and
// user, the master key checked at open, and key rotation that never loses a
// secret.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "flowfile/connection_store.h"
#include "src/crypto/secret_envelope.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Fails when `bytes` holds the canary or any 12-byte piece of it.
void ExpectNoCanary(const std::string& bytes, const std::string& what) {
  constexpr std::size_t kPiece = 12;
  for (std::size_t start = 0; start + kPiece <= kCanary.size(); ++start) {
    ASSERT_EQ(bytes.find(kCanary.substr(start, kPiece)), std::string::npos)
        << what << " holds canary bytes from offset " << start;
  }
}

class SecretsAtRestTest : public StoreTest {
 protected:
  std::string Envelope(std::int64_t connection_id, SecretField field) {
    auto raw = Raw();
    auto query = raw->Prepare("SELECT envelope FROM connection_secrets WHERE connection_id = ? AND field = ?");
    EXPECT_TRUE(query.ok());
    query->Bind(1, connection_id).Bind(2, SecretFieldName(field));
    EXPECT_TRUE(*query->Step()) << "no envelope stored";
    return query->ColumnBlob(0);
  }

  void SetEnvelope(std::int64_t connection_id, SecretField field, const std::string& envelope) {
    auto raw = Raw();
    auto update = raw->Prepare("UPDATE connection_secrets SET envelope = ? WHERE connection_id = ? AND field = ?");
    ASSERT_TRUE(update.ok());
    update->BindBlob(1, envelope).Bind(2, connection_id).Bind(3, SecretFieldName(field));
    ASSERT_TRUE(update->Run().ok());
  }

  std::vector<std::int64_t> KeyVersionsOnDisk(const std::string& sql) {
    auto raw = Raw();
    auto query = raw->Prepare(sql);
    EXPECT_TRUE(query.ok());
    std::vector<std::int64_t> versions;
    while (*query->Step()) versions.push_back(query->ColumnInt(0));
    return versions;
  }
};

TEST_F(SecretsAtRestTest, StoreFilesNeverHoldASecret) {
  for (const Connection& connection : EveryFieldConnections()) MustCreate(kLocalUserId, connection);
  ConnectionUpdate update;
  update.secrets.set(kAwsSecretAccessKey, Secret(std::string(kCanary) + "-updated"));
  ASSERT_TRUE(store_->Update(kLocalUserId, "s3 access key", update).ok());
  ASSERT_TRUE(store_->Rename(kLocalUserId, "s3 access key", "renamed").ok());
  ASSERT_TRUE(store_->GetWithSecrets(kLocalUserId, "renamed").ok());

  const std::vector<std::filesystem::path> files = {store_path(), store_path().string() + "-wal",
                                                    store_path().string() + "-shm"};
  // Before a checkpoint the new pages sit in the WAL; after a full one they
  // are in the main file.
  ASSERT_GT(ReadFile(files[1]).size(), 0u) << "expected the writes in the WAL";
  for (const auto& file : files) ExpectNoCanary(ReadFile(file), file.filename().string() + " before checkpoint");
  ASSERT_TRUE(Raw()->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  for (const auto& file : files) ExpectNoCanary(ReadFile(file), file.filename().string() + " after checkpoint");
  ASSERT_GT(ReadFile(files[0]).size(), 0u);
}

TEST_F(SecretsAtRestTest, ChangedCiphertextByteIsDetectedAsTampered) {
  const ConnectionInfo lake = MustCreate(kLocalUserId, S3Connection("lake"));
  const std::string original = Envelope(lake.id, kAwsSecretAccessKey);
  ASSERT_GT(original.size(), 40u);
  // Magic, nonce, first ciphertext byte, last tag byte.
  for (std::size_t position : {std::size_t{0}, std::size_t{12}, std::size_t{21}, original.size() - 1}) {
    SCOPED_TRACE("byte " + std::to_string(position));
    std::string damaged = original;
    damaged[position] = static_cast<char>(damaged[position] ^ 0x01);
    SetEnvelope(lake.id, kAwsSecretAccessKey, damaged);
    auto opened = store_->GetWithSecrets(kLocalUserId, "lake");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
    ExpectNoCanary(opened.error().message(), "the error message");
  }
  auto log = store_->AuditLog(kLocalUserId, 1);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().action, "used");
  EXPECT_EQ(log->front().outcome, "tampered");

  SetEnvelope(lake.id, kAwsSecretAccessKey, original);
  EXPECT_TRUE(store_->GetWithSecrets(kLocalUserId, "lake").ok());
}

TEST_F(SecretsAtRestTest, CiphertextCopiedToAnotherConnectionFailsToOpen) {
  const ConnectionInfo lake = MustCreate(kLocalUserId, S3Connection("lake"));
  const ConnectionInfo pond = MustCreate(kLocalUserId, S3Connection("pond", "pond-key"));
  SetEnvelope(pond.id, kAwsSecretAccessKey, Envelope(lake.id, kAwsSecretAccessKey));
  auto opened = store_->GetWithSecrets(kLocalUserId, "pond");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
}

TEST_F(SecretsAtRestTest, CiphertextCopiedToAnotherUsersRowFailsToOpen) {
  const ConnectionInfo lake = MustCreate(kLocalUserId, S3Connection("lake"));
  const UserId bob = *store_->CreateUser("bob");
  const ConnectionInfo bobs = MustCreate(bob, S3Connection("bobs", "bobs-key"));
  SetEnvelope(bobs.id, kAwsSecretAccessKey, Envelope(lake.id, kAwsSecretAccessKey));
  auto opened = store_->GetWithSecrets(bob, "bobs");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
}

TEST_F(SecretsAtRestTest, ConnectionMovedToAnotherUserFailsToOpen) {
  const ConnectionInfo lake = MustCreate(kLocalUserId, S3Connection("lake"));
  const UserId bob = *store_->CreateUser("bob");
  auto raw = Raw();
  auto move = raw->Prepare("UPDATE connections SET user_id = ? WHERE id = ?");
  ASSERT_TRUE(move.ok());
  ASSERT_TRUE(move->Bind(1, bob).Bind(2, lake.id).Run().ok());
  auto opened = store_->GetWithSecrets(bob, "lake");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered);
}

TEST_F(SecretsAtRestTest, FreshStoreRecordsTheActiveKeyFingerprint) {
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM key_check"), std::vector<std::int64_t>{1});
}

TEST_F(SecretsAtRestTest, WrongMasterKeyIsRefusedAtOpenWithTheFix) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  store_.reset();
  for (const auto& wrong : {MakeKeyring({1}, 'x'), MakeKeyring({2})}) {
    auto opened = OpenSqliteStore({store_path(), wrong});
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code(), ErrorCode::kAccessDenied);
    EXPECT_EQ(opened.error().message().rfind("The master key does not match this store (" + store_path().string() +
                                                 "): set FLOWFILE_MASTER_KEY or restore master.key from ",
                                             0),
              0u)
        << opened.error().message();
  }
  EXPECT_NE(Open(keyring_), nullptr);
}

TEST_F(SecretsAtRestTest, WrongMasterKeyIsRefusedEvenBeforeAnySecretIsStored) {
  store_.reset();
  auto opened = OpenSqliteStore({store_path(), MakeKeyring({1}, 'x')});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kAccessDenied);
}

TEST_F(SecretsAtRestTest, ReencryptMovesEverySecretToTheActiveVersion) {
  for (const Connection& connection : EveryFieldConnections()) MustCreate(kLocalUserId, connection);
  const auto rotated = MakeKeyring({1, 2});
  ASSERT_TRUE(store_->ReencryptSecrets(rotated).ok());

  EXPECT_EQ(KeyVersionsOnDisk("SELECT DISTINCT key_version FROM connection_secrets"),
            std::vector<std::int64_t>{2});
  auto raw = Raw();
  auto envelopes = raw->Prepare("SELECT envelope FROM connection_secrets");
  ASSERT_TRUE(envelopes.ok());
  while (*envelopes->Step()) EXPECT_EQ(*crypto::EnvelopeKeyVersion(envelopes->ColumnBlob(0)), 2u);
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM key_check ORDER BY 1"), (std::vector<std::int64_t>{1, 2}));

  // The old key check stays until the engine has dropped old versions.
  ASSERT_TRUE(store_->DropKeyChecksExcept(2).ok());
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM key_check"), std::vector<std::int64_t>{2});
  store_.reset();
  store_ = Open(MakeKeyring({2}));
  ASSERT_NE(store_, nullptr);
  for (const Connection& connection : EveryFieldConnections()) {
    auto full = store_->GetWithSecrets(kLocalUserId, connection.info.connection_name);
    ASSERT_TRUE(full.ok()) << full.error().message();
    for (SecretField field : kAllSecretFields)
      EXPECT_TRUE(full->secrets.get(field) == connection.secrets.get(field));
  }
  auto log = store_->AuditLog(kLocalUserId, 100);
  EXPECT_TRUE(std::any_of(log->begin(), log->end(), [](const AuditEvent& e) { return e.action == "rotated"; }));
}

TEST_F(SecretsAtRestTest, NewSecretsAfterReencryptUseTheNewVersion) {
  ASSERT_TRUE(store_->ReencryptSecrets(MakeKeyring({1, 2})).ok());
  MustCreate(kLocalUserId, S3Connection("lake"));
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM connection_secrets"), std::vector<std::int64_t>{2});
}

TEST_F(SecretsAtRestTest, ReencryptRefusesAKeyringWithoutTheOldVersion) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  Status rotated = store_->ReencryptSecrets(MakeKeyring({2}));
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.error().code(), ErrorCode::kAccessDenied);
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM connection_secrets"), std::vector<std::int64_t>{1});
  EXPECT_TRUE(store_->GetWithSecrets(kLocalUserId, "lake").ok());
}

TEST_F(SecretsAtRestTest, InterruptedReencryptLeavesEverySecretReadableWithTheOldKeyring) {
  std::vector<ConnectionInfo> created;
  for (const Connection& connection : EveryFieldConnections())
    created.push_back(MustCreate(kLocalUserId, connection));
  // Fail the transaction after some secrets were already re-sealed.
  const std::int64_t victim = created.back().id;
  ASSERT_TRUE(
      Raw()
          ->Exec("CREATE TRIGGER fail_midway BEFORE INSERT ON connection_secrets WHEN NEW.connection_id = " +
                 std::to_string(victim) + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
          .ok());

  Status rotated = store_->ReencryptSecrets(MakeKeyring({1, 2}));
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(KeyVersionsOnDisk("SELECT DISTINCT key_version FROM connection_secrets"),
            std::vector<std::int64_t>{1});
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM key_check"), std::vector<std::int64_t>{1});
  ASSERT_TRUE(Raw()->Exec("DROP TRIGGER fail_midway").ok());

  auto check_all_readable = [&](ConnectionStore& store) {
    for (const Connection& connection : EveryFieldConnections()) {
      auto full = store.GetWithSecrets(kLocalUserId, connection.info.connection_name);
      ASSERT_TRUE(full.ok()) << full.error().message();
      for (SecretField field : kAllSecretFields)
        EXPECT_TRUE(full->secrets.get(field) == connection.secrets.get(field));
    }
  };
  check_all_readable(*store_);  // the store kept the old keyring
  store_.reset();
  store_ = Open(keyring_);
  ASSERT_NE(store_, nullptr);
  check_all_readable(*store_);

  ASSERT_TRUE(store_->ReencryptSecrets(MakeKeyring({1, 2})).ok());  // a retry completes
  check_all_readable(*store_);
}

TEST_F(SecretsAtRestTest, DropKeyChecksRefusesWhileASecretUsesAnOldVersion) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  Status dropped = store_->DropKeyChecksExcept(2);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(KeyVersionsOnDisk("SELECT key_version FROM key_check"), std::vector<std::int64_t>{1});
}

TEST_F(SecretsAtRestTest, OpenAcceptsAStaleKeyCheckNoSecretNeeds) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(store_->ReencryptSecrets(MakeKeyring({1, 2})).ok());
  store_.reset();
  // A check value whose key left the keyring, needed by no secret, does not
  // block opening.
  store_ = Open(MakeKeyring({2}));
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(store_->GetWithSecrets(kLocalUserId, "lake").ok());
}

}  // namespace
}  // namespace flowfile::store_testing
