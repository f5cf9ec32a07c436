// One user can never reach another user's connections: every operation on
// them answers exactly as for a connection that does not exist.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "flowfile/connection_store.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

struct ForeignOperation {
  std::string name;
  // Runs the operation as `user` on the connection `name` / `id`.
  std::function<Status(ConnectionStore&, UserId user, const std::string& name, std::int64_t id)> run;
};

class UserIsolationTest : public StoreTest, public ::testing::WithParamInterface<ForeignOperation> {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice_connection_ = MustCreate(kLocalUserId, S3Connection("shared-name"));
    auto bob = store_->CreateUser("bob");
    ASSERT_TRUE(bob.ok()) << bob.error().message();
    bob_ = *bob;
  }

  ConnectionInfo alice_connection_;
  UserId bob_ = 0;
};

TEST_P(UserIsolationTest, AnotherUsersConnectionIsNotFound) {
  Status foreign = GetParam().run(*store_, bob_, "shared-name", alice_connection_.id);
  ASSERT_FALSE(foreign.ok());
  // Exactly what a connection that exists for nobody gets.
  auto missing = store_->Get(bob_, "shared-name");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(foreign.error().code(), ErrorCode::kNotFound);
  if (GetParam().name != "GetById") {
    EXPECT_EQ(foreign.error().message(), missing.error().message());
  }

  // Alice's connection is untouched.
  auto alice = store_->GetWithSecrets(kLocalUserId, "shared-name");
  ASSERT_TRUE(alice.ok()) << alice.error().message();
  EXPECT_EQ(alice->info.id, alice_connection_.id);
  EXPECT_EQ(alice->info.aws_region, alice_connection_.aws_region);
  EXPECT_EQ(alice->info.credentials_version, alice_connection_.credentials_version);
  EXPECT_EQ(alice->secrets.get(SecretField::kAwsSecretAccessKey).reveal(), kCanary);
}

INSTANTIATE_TEST_SUITE_P(
    Operations, UserIsolationTest,
    ::testing::Values(ForeignOperation{"Get", [](ConnectionStore& s, UserId u, const std::string& n,
                                                 std::int64_t) { return s.Get(u, n).status(); }},
                      ForeignOperation{"GetById", [](ConnectionStore& s, UserId u, const std::string&,
                                                     std::int64_t id) { return s.GetById(u, id).status(); }},
                      ForeignOperation{"GetWithSecrets",
                                       [](ConnectionStore& s, UserId u, const std::string& n, std::int64_t) {
                                         return s.GetWithSecrets(u, n).status();
                                       }},
                      ForeignOperation{"Update",
                                       [](ConnectionStore& s, UserId u, const std::string& n, std::int64_t) {
                                         ConnectionUpdate update;
                                         update.secrets.set(SecretField::kAwsSecretAccessKey, Secret("bobs-key"));
                                         return s.Update(u, n, update).status();
                                       }},
                      ForeignOperation{"Rename", [](ConnectionStore& s, UserId u, const std::string& n,
                                                    std::int64_t) { return s.Rename(u, n, "stolen").status(); }},
                      ForeignOperation{"Delete", [](ConnectionStore& s, UserId u, const std::string& n,
                                                    std::int64_t) { return s.Delete(u, n); }}),
    [](const auto& test) { return test.param.name; });

TEST_F(UserIsolationTest, ListShowsOnlyOwnConnectionsAndNamesArePerUser) {
  EXPECT_TRUE(store_->List(bob_)->empty());
  auto bobs = store_->Create(bob_, S3Connection("shared-name", "bobs-own-key"));
  ASSERT_TRUE(bobs.ok()) << bobs.error().message();
  EXPECT_NE(bobs->id, alice_connection_.id);
  ASSERT_EQ(store_->List(bob_)->size(), 1u);
  ASSERT_EQ(store_->List(kLocalUserId)->size(), 1u);
  EXPECT_EQ(store_->GetWithSecrets(bob_, "shared-name")->secrets.get(SecretField::kAwsSecretAccessKey).reveal(),
            "bobs-own-key");
  EXPECT_EQ(
      store_->GetWithSecrets(kLocalUserId, "shared-name")->secrets.get(SecretField::kAwsSecretAccessKey).reveal(),
      kCanary);
}

TEST_F(UserIsolationTest, AuditLogShowsOnlyOwnEvents) {
  EXPECT_TRUE(store_->AuditLog(bob_, 100)->empty());
  EXPECT_EQ(store_->AuditLog(kLocalUserId, 100)->size(), 1u);
}

}  // namespace
}  // namespace flowfile::store_testing
