// The AccountRecords contract (the rows of the server's accounts, sessions
// and API tokens), run unchanged against every backend.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/store/store_backends.h"

namespace flowfile::store_testing {
namespace {

using store::AccountInsert;
using store::NewAccountRow;

class AccountRecordsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto records = backend_->OpenAccounts();
    ASSERT_TRUE(records.ok()) << records.error().message();
    records_ = std::move(*records);
  }

  UserId MustInsert(const std::string& name, bool is_admin = false) {
    auto inserted = records_->InsertAccount({name, "hash of " + name, is_admin, 1000}, false);
    EXPECT_TRUE(inserted.ok()) << inserted.error().message();
    EXPECT_EQ(inserted->outcome, AccountInsert::kInserted);
    return inserted.ok() ? inserted->user_id : 0;
  }

  std::unique_ptr<store::AccountRecords> records_;
};

TEST_P(AccountRecordsTest, AccountsAreUsersOfTheConnectionStore) {
  EXPECT_EQ(*records_->CountAccounts(), 0);
  const UserId alice = MustInsert("alice", true);
  EXPECT_EQ(*store_->FindUser("alice"), alice);
  EXPECT_EQ(*records_->CountAccounts(), 1);
  auto found = records_->FindAccountByName("alice");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->first.user_id, alice);
  EXPECT_TRUE((*found)->first.is_admin);
  EXPECT_EQ((*found)->first.created_at, 1000);
  EXPECT_EQ((*found)->second, "hash of alice");
  EXPECT_FALSE(records_->FindAccountByName("nobody")->has_value());
  EXPECT_EQ((*records_->FindAccountByUser(alice))->name, "alice");
  EXPECT_FALSE(records_->FindAccountByUser(kLocalUserId)->has_value());
}

TEST_P(AccountRecordsTest, TakenNamesTheLocalUserAndSetupDone) {
  MustInsert("alice");
  EXPECT_EQ(records_->InsertAccount({"alice", "h", false, 1}, false)->outcome, AccountInsert::kNameTaken);
  EXPECT_EQ(records_->InsertAccount({"local", "h", false, 1}, false)->outcome, AccountInsert::kNameTaken);
  EXPECT_EQ(records_->InsertAccount({"bob", "h", true, 1}, true)->outcome, AccountInsert::kSetupDone);
  EXPECT_FALSE(records_->FindAccountByName("bob")->has_value());
  // A user row without an account (an interrupted sign-up) is taken over.
  auto orphan = store_->CreateUser("carol");
  ASSERT_TRUE(orphan.ok());
  auto carol = records_->InsertAccount({"carol", "h", false, 1}, false);
  ASSERT_TRUE(carol.ok());
  EXPECT_EQ(carol->outcome, AccountInsert::kInserted);
  EXPECT_EQ(carol->user_id, *orphan);
}

TEST_P(AccountRecordsTest, RacingFirstSetupsThroughTwoInstancesMakeOneAdmin) {
  auto other = backend_->OpenAccounts();
  ASSERT_TRUE(other.ok());
  std::atomic<int> inserted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      store::AccountRecords& records = i % 2 == 0 ? *records_ : **other;
      auto made = records.InsertAccount({"admin" + std::to_string(i), "h", true, 1}, true);
      if (made.ok() && made->outcome == AccountInsert::kInserted) ++inserted;
      if (made.ok() && made->outcome == AccountInsert::kSetupDone) ++refused;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(*records_->CountAccounts(), 1);
}

TEST_P(AccountRecordsTest, GrantsBelongToOneAccountAndGoWithIt) {
  const UserId alice = MustInsert("alice");
  const UserId bob = MustInsert("bob");
  EXPECT_TRUE(records_->GrantsOf(alice)->empty());
  EXPECT_TRUE(*records_->SetGrant(alice, "ambient-identity", true));
  EXPECT_TRUE(*records_->SetGrant(alice, "ambient-identity", true));  // idempotent
  EXPECT_TRUE(*records_->SetGrant(alice, "another", true));
  EXPECT_EQ(*records_->GrantsOf(alice), (std::vector<std::string>{"ambient-identity", "another"}));
  EXPECT_TRUE(records_->GrantsOf(bob)->empty());
  EXPECT_FALSE(*records_->SetGrant(kLocalUserId, "ambient-identity", true));  // no account
  EXPECT_TRUE(*records_->SetGrant(alice, "another", false));
  EXPECT_EQ(*records_->GrantsOf(alice), (std::vector<std::string>{"ambient-identity"}));
  ASSERT_TRUE(*records_->DeleteAccount(alice));
  EXPECT_TRUE(records_->GrantsOf(alice)->empty());
}

TEST_P(AccountRecordsTest, SessionsAreFoundByDigestAndSweptWhenExpired) {
  const UserId dave = MustInsert("dave");
  ASSERT_TRUE(records_->InsertSession("digest-1", dave, "csrf-1", 100, 200).ok());
  auto found = records_->FindSession("digest-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->account.name, "dave");
  EXPECT_EQ((*found)->csrf_token, "csrf-1");
  EXPECT_EQ((*found)->expires_at, 200);
  // A later session drops the expired one.
  ASSERT_TRUE(records_->InsertSession("digest-2", dave, "csrf-2", 300, 400).ok());
  EXPECT_FALSE(records_->FindSession("digest-1")->has_value());
  ASSERT_TRUE(records_->DeleteSession("digest-2").ok());
  EXPECT_FALSE(records_->FindSession("digest-2")->has_value());
}

TEST_P(AccountRecordsTest, ApiTokensBelongToTheirOwner) {
  const UserId erin = MustInsert("erin");
  const UserId frank = MustInsert("frank");
  EXPECT_FALSE(records_->InsertApiToken(kLocalUserId, "x", "d0", 1)->has_value());
  auto token = records_->InsertApiToken(erin, "notebook", "d1", 1000);
  ASSERT_TRUE(token.ok() && token->has_value());
  EXPECT_EQ((*token)->name, "notebook");
  EXPECT_EQ((*token)->last_used_at, 0);
  EXPECT_EQ(records_->ListApiTokens(erin)->size(), 1u);
  EXPECT_TRUE(records_->ListApiTokens(frank)->empty());

  auto owner = records_->UseApiToken("d1", 5000, 5000);
  ASSERT_TRUE(owner.ok() && owner->has_value());
  EXPECT_EQ((*owner)->user_id, erin);
  EXPECT_EQ(records_->ListApiTokens(erin)->front().last_used_at, 5000);
  ASSERT_TRUE(records_->UseApiToken("d1", 6000, 4000).ok());  // used recently: not written
  EXPECT_EQ(records_->ListApiTokens(erin)->front().last_used_at, 5000);
  EXPECT_FALSE(records_->UseApiToken("unknown", 1, 1)->has_value());

  EXPECT_FALSE(*records_->DeleteApiToken(frank, (*token)->id));
  EXPECT_TRUE(*records_->DeleteApiToken(erin, (*token)->id));
  EXPECT_FALSE(records_->UseApiToken("d1", 7000, 7000)->has_value());
}

TEST_P(AccountRecordsTest, ATokenMadeThroughOneInstanceIsHonouredByAnother) {
  const UserId gina = MustInsert("gina");
  auto other = backend_->OpenAccounts();
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(records_->InsertApiToken(gina, "cli", "shared-digest", 1)->has_value());
  ASSERT_TRUE(records_->InsertSession("session-digest", gina, "csrf", 1, 1'000'000).ok());
  EXPECT_EQ((*(*other)->UseApiToken("shared-digest", 2, 2))->name, "gina");
  EXPECT_EQ((*(*other)->FindSession("session-digest"))->account.user_id, gina);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRecordsTest, ::testing::ValuesIn(kBackendNames), BackendName);

}  // namespace
}  // namespace flowfile::store_testing
