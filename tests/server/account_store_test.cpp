#include "src/service/accounts/account_store.h"

#include <gtest/gtest.h>

#include <atomic>

#include "flowfile/engine.h"
#include "src/service/embedded_engine.h"
#include "src/service/server_accounts.h"
#include "tests/support/temp_directory.h"

namespace flowfile::accounts {
namespace {

class AccountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().ToString();
    engine_ = *engine;
    AccountStoreOptions options;
    options.session_lifetime = std::chrono::minutes(10);
    options.now = [this] { return now_.load(); };
    auto store = service::OpenAccounts(*engine_, std::move(options));
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
  }

  testing_support::TempDirectory dir_;
  std::shared_ptr<Engine> engine_;
  std::unique_ptr<AccountStore> store_;
  std::atomic<std::int64_t> now_{1'000'000};
};

TEST_F(AccountStoreTest, FirstAdminOnlyWhileNoAccountExists) {
  EXPECT_TRUE(*store_->NeedsSetup());
  auto admin = store_->CreateFirstAdmin("alice", Secret("password one"));
  ASSERT_TRUE(admin.ok()) << admin.error().ToString();
  EXPECT_TRUE(admin->is_admin);
  EXPECT_NE(admin->user_id, kLocalUserId);
  EXPECT_FALSE(*store_->NeedsSetup());
  auto second = store_->CreateFirstAdmin("mallory", Secret("password two"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(AccountStoreTest, AccountsAreUsersOfTheConnectionStore) {
  auto bob = store_->CreateAccount("bob", Secret("bob's password"), false);
  ASSERT_TRUE(bob.ok()) << bob.error().ToString();
  auto user = service::EmbeddedEngine::Of(*engine_).store().FindUser("bob");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(*user, bob->user_id);
}

TEST_F(AccountStoreTest, RefusesTheLocalUsersNameAndBadNames) {
  EXPECT_EQ(store_->CreateAccount("local", Secret("long enough"), false).error().code(),
            ErrorCode::kAlreadyExists);
  for (const char* bad : {"", "has space", "semi;colon", "é"}) {
    auto made = store_->CreateAccount(bad, Secret("long enough"), false);
    ASSERT_FALSE(made.ok()) << bad;
    EXPECT_EQ(made.error().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

TEST_F(AccountStoreTest, RefusesShortPasswordsForNewAccounts) {
  auto made = store_->CreateFirstAdmin("gina", Secret("short"));
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(*store_->NeedsSetup());
}

TEST_F(AccountStoreTest, ChecksPasswordsWithOneMessageForUnknownNamesAndWrongPasswords) {
  ASSERT_TRUE(store_->CreateAccount("carol", Secret("right password"), false).ok());
  EXPECT_TRUE(store_->CheckPassword("carol", Secret("right password")).ok());
  auto wrong = store_->CheckPassword("carol", Secret("wrong password"));
  auto unknown = store_->CheckPassword("nobody", Secret("right password"));
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kAccessDenied);
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
}

TEST_F(AccountStoreTest, SessionsExpireAndEnd) {
  auto dave = store_->CreateAccount("dave", Secret("dave's password"), false);
  ASSERT_TRUE(dave.ok());
  auto started = store_->StartSession(*dave);
  ASSERT_TRUE(started.ok());
  auto found = store_->FindSession(started->session_id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->account.name, "dave");
  EXPECT_EQ(found->csrf_token, started->session.csrf_token);
  now_ += 10 * 60 * 1000;
  EXPECT_EQ(store_->FindSession(started->session_id).error().code(), ErrorCode::kAccessDenied);

  auto second = store_->StartSession(*dave);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(store_->EndSession(second->session_id).ok());
  EXPECT_FALSE(store_->FindSession(second->session_id).ok());
  EXPECT_FALSE(store_->FindSession(Secret("ff_made_up")).ok());
}

TEST_F(AccountStoreTest, ApiTokensAreFoundByValueAndRevokedOnlyByTheirOwner) {
  auto erin = store_->CreateAccount("erin", Secret("erin's password"), false);
  auto frank = store_->CreateAccount("frank", Secret("frank's password"), false);
  ASSERT_TRUE(erin.ok() && frank.ok());
  auto token = store_->CreateApiToken(erin->user_id, "notebook");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->token.size(), 46u);
  auto owner = store_->FindApiToken(token->token);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->name, "erin");
  EXPECT_EQ(store_->ListApiTokens(erin->user_id)->size(), 1u);
  EXPECT_TRUE(store_->ListApiTokens(frank->user_id)->empty());
  EXPECT_EQ(store_->RevokeApiToken(frank->user_id, token->info.id).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(store_->RevokeApiToken(erin->user_id, token->info.id).ok());
  EXPECT_EQ(store_->FindApiToken(token->token).error().code(), ErrorCode::kAccessDenied);
}

}  // namespace
}  // namespace flowfile::accounts
