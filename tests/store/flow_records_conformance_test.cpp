// The FlowRecords contract (saved flows, one document per name and user),
// run unchanged against every backend.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/store/store_backends.h"

namespace flowfile::store_testing {
namespace {

using store::FlowRename;
using store::FlowRow;

class FlowRecordsTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto flows = backend_->OpenFlows();
    ASSERT_TRUE(flows.ok()) << flows.error().message();
    flows_ = std::move(*flows);
    auto bob = store_->CreateUser("bob");
    ASSERT_TRUE(bob.ok()) << bob.error().message();
    bob_ = *bob;
  }

  FlowRow MustInsert(UserId user, const std::string& name, const std::string& document, std::int64_t now = 1000) {
    auto inserted = flows_->InsertFlow(user, name, document, now);
    EXPECT_TRUE(inserted.ok() && inserted->has_value())
        << (inserted.ok() ? "name taken" : inserted.error().message());
    return inserted.ok() && inserted->has_value() ? **inserted : FlowRow{};
  }

  std::vector<std::string> Names(UserId user) {
    std::vector<std::string> names;
    Result<std::vector<FlowRow>> rows = flows_->ListFlows(user);
    EXPECT_TRUE(rows.ok()) << rows.error().message();
    if (!rows.ok()) return names;
    for (const FlowRow& row : *rows) names.push_back(row.name);
    return names;
  }

  std::unique_ptr<store::FlowRecords> flows_;
  UserId bob_ = 0;
};

TEST_P(FlowRecordsTest, InsertsFindsAndListsByName) {
  const FlowRow made = MustInsert(kLocalUserId, "nightly", R"({"nodes":[]})", 1000);
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.name, "nightly");
  EXPECT_EQ(made.document, R"({"nodes":[]})");
  EXPECT_EQ(made.created_at, 1000);
  EXPECT_EQ(made.updated_at, 1000);
  MustInsert(kLocalUserId, "Zeta", "{}");
  MustInsert(kLocalUserId, "alpha", "{}");
  // Bytewise order, as connection names sort, on every backend.
  EXPECT_EQ(Names(kLocalUserId), (std::vector<std::string>{"Zeta", "alpha", "nightly"}));
  auto found = flows_->FindFlow(kLocalUserId, "nightly");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->document, R"({"nodes":[]})");
  Result<std::vector<FlowRow>> listed = flows_->ListFlows(kLocalUserId);
  ASSERT_TRUE(listed.ok() && !listed->empty());
  EXPECT_TRUE(listed->front().document.empty()) << "a listing carries no documents";
  EXPECT_FALSE(flows_->FindFlow(kLocalUserId, "missing")->has_value());
}

TEST_P(FlowRecordsTest, ATakenNameIsRefusedAndTheStoredFlowKept) {
  MustInsert(kLocalUserId, "nightly", "first");
  auto again = flows_->InsertFlow(kLocalUserId, "nightly", "second", 2000);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ((*flows_->FindFlow(kLocalUserId, "nightly"))->document, "first");
  // The name is the user's own: another user may take it.
  EXPECT_EQ(MustInsert(bob_, "nightly", "bob's").document, "bob's");
}

TEST_P(FlowRecordsTest, AnotherUsersFlowIsNeverFoundChangedOrDeleted) {
  MustInsert(kLocalUserId, "mine", "local's");
  EXPECT_FALSE(flows_->FindFlow(bob_, "mine")->has_value());
  EXPECT_TRUE(Names(bob_).empty());
  EXPECT_FALSE(flows_->ReplaceFlow(bob_, "mine", "bob's", 2000)->has_value());
  EXPECT_EQ(*flows_->RenameFlow(bob_, "mine", "taken", 2000), FlowRename::kNotFound);
  EXPECT_FALSE(*flows_->DeleteFlow(bob_, "mine"));
  auto kept = flows_->FindFlow(kLocalUserId, "mine");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->document, "local's");
  EXPECT_EQ((*kept)->updated_at, 1000);
}

TEST_P(FlowRecordsTest, ReplacesTheDocumentAndKeepsTheCreationTime) {
  MustInsert(kLocalUserId, "nightly", "v1", 1000);
  auto replaced = flows_->ReplaceFlow(kLocalUserId, "nightly", "v2", 3000);
  ASSERT_TRUE(replaced.ok() && replaced->has_value());
  EXPECT_EQ((*replaced)->document, "v2");
  EXPECT_EQ((*replaced)->created_at, 1000);
  EXPECT_EQ((*replaced)->updated_at, 3000);
  EXPECT_FALSE(flows_->ReplaceFlow(kLocalUserId, "missing", "v2", 3000)->has_value());
}

TEST_P(FlowRecordsTest, RenamesOntoAFreeNameOnly) {
  MustInsert(kLocalUserId, "a", "A");
  MustInsert(kLocalUserId, "b", "B");
  EXPECT_EQ(*flows_->RenameFlow(kLocalUserId, "a", "b", 2000), FlowRename::kNameTaken);
  EXPECT_EQ((*flows_->FindFlow(kLocalUserId, "a"))->document, "A");
  EXPECT_EQ(*flows_->RenameFlow(kLocalUserId, "missing", "c", 2000), FlowRename::kNotFound);
  EXPECT_EQ(*flows_->RenameFlow(kLocalUserId, "a", "c", 2000), FlowRename::kRenamed);
  EXPECT_EQ(Names(kLocalUserId), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ((*flows_->FindFlow(kLocalUserId, "c"))->document, "A");
}

TEST_P(FlowRecordsTest, DeletesOnlyWhatExists) {
  MustInsert(kLocalUserId, "a", "A");
  EXPECT_TRUE(*flows_->DeleteFlow(kLocalUserId, "a"));
  EXPECT_FALSE(*flows_->DeleteFlow(kLocalUserId, "a"));
  EXPECT_TRUE(Names(kLocalUserId).empty());
}

TEST_P(FlowRecordsTest, ASecondInstanceSeesTheSameFlows) {
  // Two opens stand for two processes (or two servers) on one store.
  MustInsert(kLocalUserId, "shared", "doc");
  auto other = backend_->OpenFlows();
  ASSERT_TRUE(other.ok()) << other.error().message();
  EXPECT_EQ((*(*other)->FindFlow(kLocalUserId, "shared"))->document, "doc");
  EXPECT_FALSE((*other)->InsertFlow(kLocalUserId, "shared", "again", 5)->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, FlowRecordsTest, ::testing::ValuesIn(kBackendNames), BackendName);

}  // namespace
}  // namespace flowfile::store_testing
