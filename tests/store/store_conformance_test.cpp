// The ConnectionStore contract, run unchanged against every backend
// (store_backends.h): what a user of the store can rely on whichever
// database holds it.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/store/store_backends.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

using StoreConformanceTest = BackendTest;

TEST_P(StoreConformanceTest, RoundTripsEveryPublicFieldAndSecret) {
  for (const Connection& connection : EveryFieldConnections()) {
    auto created = store_->Create(kLocalUserId, connection);
    ASSERT_TRUE(created.ok()) << created.error().message();
    auto full = store_->GetWithSecrets(kLocalUserId, connection.info.connection_name);
    ASSERT_TRUE(full.ok()) << full.error().message();
    ConnectionInfo expected = connection.info;
    expected.id = created->id;
    EXPECT_EQ(full->info.aws_region, expected.aws_region);
    EXPECT_EQ(full->info.endpoint_url, expected.endpoint_url);
    EXPECT_EQ(full->info.verify_ssl, expected.verify_ssl);
    EXPECT_EQ(full->info.aws_allow_unsafe_html, expected.aws_allow_unsafe_html);
    EXPECT_EQ(full->info.storage_type, expected.storage_type);
    EXPECT_EQ(full->info.auth_method, expected.auth_method);
    for (SecretField field : kAllSecretFields) {
      EXPECT_EQ(full->secrets.get(field) == CanonicalSecretValue(field, connection.secrets.get(field)), true)
          << SecretFieldName(field);
      EXPECT_EQ(std::count(full->info.secrets_set.begin(), full->info.secrets_set.end(), field),
                connection.secrets.has(field) ? 1 : 0);
    }
  }
}

TEST_P(StoreConformanceTest, NamesAreUniquePerUserAndCreateRefusesATakenOne) {
  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("lake")).ok());
  auto again = store_->Create(kLocalUserId, S3Connection("lake", "other secret"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(again.error().message().find("'lake' already exists"), std::string::npos);
  auto bob = store_->CreateUser("bob");
  ASSERT_TRUE(bob.ok());
  EXPECT_TRUE(store_->Create(*bob, S3Connection("lake")).ok());
  EXPECT_EQ(store_->List(kLocalUserId)->size(), 1u);
}

TEST_P(StoreConformanceTest, CreateIfNotExistsReturnsTheExistingConnectionUnchanged) {
  auto first = store_->CreateIfNotExists(kLocalUserId, S3Connection("lake", "first"));
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->created);
  auto second = store_->CreateIfNotExists(kLocalUserId, S3Connection("lake", "second"));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->connection.id, first->connection.id);
  EXPECT_EQ(store_->GetWithSecrets(kLocalUserId, "lake")->secrets.get(kAwsSecretAccessKey).reveal(), "first");
}

TEST_P(StoreConformanceTest, ConcurrentCreatesOfOneNameThroughTwoInstancesMakeOneRow) {
  std::unique_ptr<ConnectionStore> other = OpenStore(keyring_);
  ASSERT_NE(other, nullptr);
  std::atomic<int> created{0};
  std::atomic<int> exists{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      ConnectionStore& store = i % 2 == 0 ? *store_ : *other;
      if (i < 4) {
        auto made = store.CreateIfNotExists(kLocalUserId, S3Connection("race", "secret " + std::to_string(i)));
        if (!made.ok())
          ++failed;
        else if (made->created)
          ++created;
        else
          ++exists;
      } else {
        auto made = store.Create(kLocalUserId, S3Connection("race", "secret " + std::to_string(i)));
        if (made.ok())
          ++created;
        else if (made.error().code() == ErrorCode::kAlreadyExists)
          ++exists;
        else
          ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(exists.load(), 7);
  EXPECT_EQ(failed.load(), 0);
  auto all = other->List(kLocalUserId);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  EXPECT_TRUE(store_->GetWithSecrets(kLocalUserId, "race").ok());
}

TEST_P(StoreConformanceTest, AnotherUsersConnectionIsNotFound) {
  auto bob = store_->CreateUser("bob");
  ASSERT_TRUE(bob.ok());
  auto mine = store_->Create(kLocalUserId, S3Connection("mine"));
  ASSERT_TRUE(mine.ok());
  for (auto code :
       {store_->Get(*bob, "mine").error().code(), store_->GetById(*bob, mine->id).error().code(),
        store_->GetWithSecrets(*bob, "mine").error().code(), store_->Delete(*bob, "mine").error().code(),
        store_->Rename(*bob, "mine", "x").error().code()}) {
    EXPECT_EQ(code, ErrorCode::kNotFound);
  }
  EXPECT_TRUE(store_->List(*bob)->empty());
  EXPECT_EQ(store_->Create(999, S3Connection("ghost")).error().code(), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, ListIsSortedBytewise) {
  for (const char* name : {"beta", "Zeta", "alpha", "_under"}) {
    ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection(name)).ok()) << name;
  }
  auto all = store_->List(kLocalUserId);
  ASSERT_TRUE(all.ok());
  std::vector<std::string> names;
  for (const ConnectionInfo& info : *all) names.push_back(info.connection_name);
  EXPECT_EQ(names, (std::vector<std::string>{"Zeta", "_under", "alpha", "beta"}));
}

TEST_P(StoreConformanceTest, UpdateRenameAndDeleteAreAudited) {
  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("lake", "old")).ok());
  ConnectionUpdate update;
  update.info = *store_->Get(kLocalUserId, "lake");
  update.info->aws_region = "us-west-2";
  update.secrets.set(kAwsSecretAccessKey, Secret("new"));
  auto updated = store_->Update(kLocalUserId, "lake", update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->aws_region, "us-west-2");
  EXPECT_EQ(updated->credentials_version, 2);
  EXPECT_EQ(store_->GetWithSecrets(kLocalUserId, "lake")->secrets.get(kAwsSecretAccessKey).reveal(), "new");

  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("taken")).ok());
  EXPECT_EQ(store_->Rename(kLocalUserId, "lake", "taken").error().code(), ErrorCode::kAlreadyExists);
  auto renamed = store_->Rename(kLocalUserId, "lake", "pond");
  ASSERT_TRUE(renamed.ok()) << renamed.error().message();
  EXPECT_EQ(store_->GetWithSecrets(kLocalUserId, "pond")->secrets.get(kAwsSecretAccessKey).reveal(), "new");
  ASSERT_TRUE(store_->Delete(kLocalUserId, "pond").ok());
  EXPECT_EQ(store_->Get(kLocalUserId, "pond").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->RecordUse(kLocalUserId, *renamed).error().code(), ErrorCode::kNotFound);

  auto log = store_->AuditLog(kLocalUserId, 100);
  ASSERT_TRUE(log.ok());
  std::vector<std::string> actions;
  for (const AuditEvent& event : *log) actions.push_back(event.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"deleted", "used", "renamed", "created", "used", "updated", "created"}));
  EXPECT_EQ((*log)[2].detail, "renamed from 'lake'");
  EXPECT_EQ(store_->AuditLog(kLocalUserId, 2)->size(), 2u);
  for (const AuditEvent& event : *log) EXPECT_EQ(event.detail.find("new"), std::string::npos);
}

TEST_P(StoreConformanceTest, GetWithSecretsRecordsTheLastUse) {
  auto created = store_->Create(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->last_used_at, 0);
  ASSERT_TRUE(store_->GetWithSecrets(kLocalUserId, "lake").ok());
  EXPECT_GT(store_->Get(kLocalUserId, "lake")->last_used_at, 0);
  EXPECT_EQ(store_->AuditLog(kLocalUserId, 1)->front().action, "used");
}

TEST_P(StoreConformanceTest, UsersAreUniqueByName) {
  auto carol = store_->CreateUser("carol");
  ASSERT_TRUE(carol.ok());
  EXPECT_NE(*carol, kLocalUserId);
  EXPECT_EQ(store_->CreateUser("carol").error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateUser("").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store_->FindUser("carol"), *carol);
  EXPECT_EQ(*store_->FindUser("local"), kLocalUserId);
  EXPECT_EQ(store_->FindUser("nobody").error().code(), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RotationResealsEverySecretSoOnlyTheNewKeyIsNeeded) {
  for (const Connection& connection : EveryFieldConnections()) {
    ASSERT_TRUE(store_->Create(kLocalUserId, connection).ok());
  }
  ASSERT_TRUE(store_->ReencryptSecrets(MakeKeyring({1, 2})).ok());
  ASSERT_TRUE(store_->DropKeyChecksExcept(2).ok());
  store_.reset();
  std::unique_ptr<ConnectionStore> reopened = OpenStore(MakeKeyring({2}));
  ASSERT_NE(reopened, nullptr);
  for (const Connection& connection : EveryFieldConnections()) {
    auto full = reopened->GetWithSecrets(kLocalUserId, connection.info.connection_name);
    ASSERT_TRUE(full.ok()) << full.error().message();
    for (SecretField field : kAllSecretFields) {
      EXPECT_TRUE(full->secrets.get(field) == CanonicalSecretValue(field, connection.secrets.get(field)));
    }
  }
  auto log = reopened->AuditLog(kLocalUserId, 100);
  EXPECT_NE(std::find_if(log->begin(), log->end(), [](const AuditEvent& e) { return e.action == "rotated"; }),
            log->end());
}

TEST_P(StoreConformanceTest, AWrongMasterKeyIsRefusedAtOpen) {
  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("lake")).ok());
  auto wrong = backend_->OpenStore(MakeKeyring({1}, 'x'));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kAccessDenied);
  EXPECT_NE(wrong.error().message().find("master key does not match"), std::string::npos);
}

TEST_P(StoreConformanceTest, DroppingKeyChecksWaitsForSecretsSealedWithOlderKeys) {
  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("lake")).ok());
  EXPECT_EQ(store_->DropKeyChecksExcept(2).error().code(), ErrorCode::kUnavailable);
}

TEST_P(StoreConformanceTest, SeveralInstancesOpeningANewStoreAtOnceAllSucceed) {
  std::unique_ptr<StoreBackend> fresh = MakeBackend(GetParam());  // never opened: nothing migrated yet
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto store = fresh->OpenStore(keyring_);
      EXPECT_TRUE(store.ok()) << store.error().message();
      auto accounts = fresh->OpenAccounts();
      EXPECT_TRUE(accounts.ok()) << accounts.error().message();
      if (store.ok() && accounts.ok()) ++opened;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(kBackendNames), BackendName);

}  // namespace
}  // namespace flowfile::store_testing
