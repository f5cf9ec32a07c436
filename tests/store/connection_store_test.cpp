// What the SQLite ConnectionStore does for one user: create, read, list,
// update, rename, delete, audit, users.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_store.h"
#include "src/store/store_errors.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using ConnectionStoreTest = StoreTest;

std::vector<SecretField> SecretsOf(const Connection& connection) {
  std::vector<SecretField> fields;
  for (SecretField field : kAllSecretFields) {
    if (connection.secrets.has(field)) fields.push_back(field);
  }
  return fields;
}

void ExpectSamePublicFields(const ConnectionInfo& got, const ConnectionInfo& want) {
  EXPECT_EQ(got.connection_name, want.connection_name);
  EXPECT_EQ(got.storage_type, want.storage_type);
  EXPECT_EQ(got.auth_method, want.auth_method);
  for (const TextFieldSpec& field : kTextFields) EXPECT_EQ(got.*field.member, want.*field.member) << field.name;
  for (const FlagFieldSpec& field : kFlagFields) EXPECT_EQ(got.*field.member, want.*field.member) << field.name;
}

TEST(EveryFieldConnectionsTest, CoverEveryPublicAndSecretField) {
  const std::vector<Connection> all = EveryFieldConnections();
  auto any = [&](auto predicate) { return std::any_of(all.begin(), all.end(), predicate); };
  for (const TextFieldSpec& field : kTextFields) {
    EXPECT_TRUE(any([&](const Connection& c) { return !(c.info.*field.member).empty(); })) << field.name;
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    EXPECT_TRUE(any([&](const Connection& c) { return c.info.*field.member != field.default_value; }))
        << field.name;
  }
  for (SecretField field : kAllSecretFields) {
    EXPECT_TRUE(any([&](const Connection& c) { return c.secrets.has(field); })) << SecretFieldName(field);
  }
  for (const Connection& connection : all)
    EXPECT_TRUE(ValidateConnection(connection).ok()) << connection.info.connection_name;
}

TEST_F(ConnectionStoreTest, RoundTripsEveryPublicFieldAndSecret) {
  for (const Connection& connection : EveryFieldConnections()) {
    SCOPED_TRACE(connection.info.connection_name);
    const ConnectionInfo created = MustCreate(kLocalUserId, connection);
    EXPECT_GT(created.id, 0);
    ExpectSamePublicFields(created, connection.info);
    EXPECT_EQ(created.secrets_set, SecretsOf(connection));

    auto read = store_->Get(kLocalUserId, connection.info.connection_name);
    ASSERT_TRUE(read.ok()) << read.error().message();
    ExpectSamePublicFields(*read, connection.info);
    EXPECT_EQ(read->secrets_set, SecretsOf(connection));
    EXPECT_EQ(read->id, created.id);

    auto full = store_->GetWithSecrets(kLocalUserId, connection.info.connection_name);
    ASSERT_TRUE(full.ok()) << full.error().message();
    ExpectSamePublicFields(full->info, connection.info);
    for (SecretField field : kAllSecretFields) {
      EXPECT_EQ(full->secrets.has(field), connection.secrets.has(field)) << SecretFieldName(field);
      EXPECT_TRUE(full->secrets.get(field) == connection.secrets.get(field)) << SecretFieldName(field);
    }
  }
}

TEST_F(ConnectionStoreTest, CreateSetsTimestampsAndFirstCredentialsVersion) {
  const std::int64_t before = store::NowMillis();
  const ConnectionInfo created = MustCreate(kLocalUserId, S3Connection("lake"));
  const std::int64_t after = store::NowMillis();
  EXPECT_GE(created.created_at, before);
  EXPECT_LE(created.created_at, after);
  EXPECT_EQ(created.updated_at, created.created_at);
  EXPECT_EQ(created.last_used_at, 0);
  EXPECT_EQ(created.credentials_version, 1);
}

TEST_F(ConnectionStoreTest, CreateRefusesATakenName) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  auto again = store_->Create(kLocalUserId, S3Connection("lake", "other"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message(), "A connection named 'lake' already exists: choose another name.");
  EXPECT_EQ(again.error().field(), "connection_name");
}

TEST_F(ConnectionStoreTest, CreateRefusesAnInvalidConnectionAndStoresNothing) {
  Connection invalid = S3Connection("lake");
  invalid.info.aws_access_key_id.clear();
  auto created = store_->Create(kLocalUserId, invalid);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->List(kLocalUserId)->empty());
}

TEST_F(ConnectionStoreTest, CreateForAnUnknownUserIsNotFound) {
  auto created = store_->Create(424242, S3Connection("lake"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code(), ErrorCode::kNotFound);
}

TEST_F(ConnectionStoreTest, CreateIfNotExistsReturnsTheExistingConnectionUnchanged) {
  auto first = store_->CreateIfNotExists(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->created);

  Connection different = S3Connection("lake", "another secret");
  different.info.aws_region = "us-west-2";
  auto second = store_->CreateIfNotExists(kLocalUserId, different);
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->connection.id, first->connection.id);
  EXPECT_EQ(second->connection.aws_region, "eu-west-1");
  EXPECT_EQ(store_->GetWithSecrets(kLocalUserId, "lake")->secrets.get(SecretField::kAwsSecretAccessKey).reveal(),
            kCanary);
}

// The message is in words every front end shares; the field tells each
// front end to add how its users list connections.
TEST_F(ConnectionStoreTest, MissingConnectionIsNotFoundNamingTheField) {
  auto missing = store_->Get(kLocalUserId, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message(), "Connection not found: 'nope'.");
  EXPECT_EQ(missing.error().field(), "connection_name");
}

TEST_F(ConnectionStoreTest, GetByIdFindsTheConnectionAndNothingElse) {
  const ConnectionInfo created = MustCreate(kLocalUserId, S3Connection("lake"));
  auto found = store_->GetById(kLocalUserId, created.id);
  ASSERT_TRUE(found.ok()) << found.error().message();
  EXPECT_EQ(found->connection_name, "lake");
  auto missing = store_->GetById(kLocalUserId, created.id + 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_F(ConnectionStoreTest, ListIsSortedByName) {
  for (const char* name : {"b", "a", "C", "a2"}) MustCreate(kLocalUserId, S3Connection(name));
  auto listed = store_->List(kLocalUserId);
  ASSERT_TRUE(listed.ok()) << listed.error().message();
  std::vector<std::string> names;
  for (const ConnectionInfo& info : *listed) names.push_back(info.connection_name);
  EXPECT_EQ(names, (std::vector<std::string>{"C", "a", "a2", "b"}));
  EXPECT_EQ(listed->front().secrets_set, std::vector<SecretField>{SecretField::kAwsSecretAccessKey});
}

TEST_F(ConnectionStoreTest, GetWithSecretsRecordsTheLastUse) {
  MustCreate(kLocalUserId, S3Connection("lake"));
  const std::int64_t before = store::NowMillis();
  auto used = store_->GetWithSecrets(kLocalUserId, "lake");
  ASSERT_TRUE(used.ok()) << used.error().message();
  EXPECT_GE(used->info.last_used_at, before);
  EXPECT_EQ(store_->Get(kLocalUserId, "lake")->last_used_at, used->info.last_used_at);
  auto log = store_->AuditLog(kLocalUserId, 1);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().action, "used");
  EXPECT_EQ(log->front().connection_name, "lake");
}

TEST_F(ConnectionStoreTest, StoresASasTokenWithoutItsLeadingQuestionMark) {
  Connection connection;
  connection.info.connection_name = "lake sas";
  connection.info.storage_type = StorageType::kAdls;
  connection.info.auth_method = AuthMethod::kSasToken;
  connection.info.azure_account_name = "lakeaccount";
  connection.secrets.set(SecretField::kAzureSasToken, Secret("?sv=2020-08-04&sp=rl&sig=first%2B"));
  MustCreate(kLocalUserId, connection);
  auto read = store_->GetWithSecrets(kLocalUserId, "lake sas");
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->secrets.get(SecretField::kAzureSasToken).reveal(), "sv=2020-08-04&sp=rl&sig=first%2B");

  ConnectionUpdate update;
  update.secrets.set(SecretField::kAzureSasToken, Secret("?sv=2020-08-04&sp=r&sig=second"));
  ASSERT_TRUE(store_->Update(kLocalUserId, "lake sas", update).ok());
  read = store_->GetWithSecrets(kLocalUserId, "lake sas");
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->secrets.get(SecretField::kAzureSasToken).reveal(), "sv=2020-08-04&sp=r&sig=second");

  update.secrets.set(SecretField::kAzureSasToken, Secret("not a sas token"));
  auto refused = store_->Update(kLocalUserId, "lake sas", update);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  read = store_->GetWithSecrets(kLocalUserId, "lake sas");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->secrets.get(SecretField::kAzureSasToken).reveal(), "sv=2020-08-04&sp=r&sig=second");
}

}  // namespace
}  // namespace flowfile::store_testing

namespace flowfile::store_testing {
namespace {

// Caches of opened filesystems, in this process and others, key on the id:
// a connection made after the newest one was deleted must not get its id
// (SQLite alone would give the deleted rowid again), also across reopening.
TEST_F(ConnectionStoreTest, DeletedConnectionIdIsNeverGivenAgain) {
  const ConnectionInfo first = MustCreate(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(store_->Delete(kLocalUserId, "lake").ok());
  const ConnectionInfo second = MustCreate(kLocalUserId, S3Connection("lake"));
  EXPECT_GT(second.id, first.id);
  ASSERT_TRUE(store_->Delete(kLocalUserId, "lake").ok());
  store_ = Open(keyring_);
  const ConnectionInfo third = MustCreate(kLocalUserId, S3Connection("lake"));
  EXPECT_GT(third.id, second.id);
  // A refused create (name taken) leaves no gap-filling behind either.
  EXPECT_FALSE(store_->Create(kLocalUserId, S3Connection("lake")).ok());
  const ConnectionInfo fourth = MustCreate(kLocalUserId, S3Connection("river"));
  EXPECT_GT(fourth.id, third.id);
}

}  // namespace
}  // namespace flowfile::store_testing
