// The caches and stores under concurrent callers. Each test asserts the end
// state, and scripts/sanitize also runs them under ThreadSanitizer, which
// fails on any data race they reach (issue 19 point 18).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "flowfile/connection_store.h"
#include "src/cloud/filesystem_cache.h"
#include "src/crypto/secret_envelope.h"
#include "src/service/accounts/login_throttle.h"
#include "tests/store/store_test_support.h"

namespace flowfile {
namespace {

constexpr int kThreads = 4;

// Runs work(thread index) on kThreads threads at once and joins them.
template <typename Work>
void OnThreads(Work work) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(work, t);
  for (auto& thread : threads) thread.join();
}

using store_testing::StoreTest;

TEST_F(StoreTest, ConcurrentWritersOnOneStoreKeepEveryConnectionAndSecret) {
  constexpr int kEach = 12;
  std::atomic<int> failures = 0;
  OnThreads([&](int t) {
    for (int i = 0; i < kEach; ++i) {
      const std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
      if (!store_->Create(1, store_testing::S3Connection(name, "secret-" + name)).ok()) ++failures;
      auto read = store_->GetWithSecrets(1, name);
      if (!read.ok() || read->secrets.get(SecretField::kAwsSecretAccessKey).reveal() != "secret-" + name)
        ++failures;
      if (i % 2 == 1 && !store_->Delete(1, name).ok()) ++failures;
      if (!store_->List(1).ok()) ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  auto listed = store_->List(1);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), static_cast<std::size_t>(kThreads * kEach / 2));
}

TEST_F(StoreTest, TwoStoresOnOneFileWritingAtOnceLoseNothing) {
  auto other = Open(keyring_);
  ASSERT_NE(other, nullptr);
  std::atomic<int> failures = 0;
  OnThreads([&](int t) {
    ConnectionStore& store = t % 2 == 0 ? *store_ : *other;
    for (int i = 0; i < 10; ++i) {
      const std::string name = "s" + std::to_string(t) + "-" + std::to_string(i);
      if (!store.Create(1, store_testing::S3Connection(name)).ok()) ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  auto listed = other->List(1);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), static_cast<std::size_t>(kThreads * 10));
}

TEST(SharedKeyring, SealsAndOpensOnManyThreadsAtOnce) {
  const auto keyring = store_testing::MakeKeyring({1, 2});
  std::atomic<int> failures = 0;
  OnThreads([&](int t) {
    for (int i = 0; i < 50; ++i) {
      const crypto::SecretContext context{.user_id = t + 1, .connection_id = i};
      const std::string plain = "value-" + std::to_string(t) + "-" + std::to_string(i);
      auto sealed = crypto::SealSecret(*keyring, context, Secret(plain));
      if (!sealed.ok()) {
        ++failures;
        continue;
      }
      auto opened = crypto::OpenSecret(*keyring, context, *sealed);
      if (!opened.ok() || opened->reveal() != plain) ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
}

Connection CacheConnection(std::int64_t id, std::int64_t version) {
  Connection connection = store_testing::S3Connection("c" + std::to_string(id), "secret");
  connection.info.id = id;
  connection.info.credentials_version = version;
  return connection;
}

TEST(FileSystemCacheConcurrency, FindSeesOnlyTheVersionThatWasOpened) {
  cloud::FileSystemCache cache;
  std::atomic<int> failures = 0;
  OnThreads([&](int t) {
    for (int i = 0; i < 40; ++i) {
      const Connection connection = CacheConnection(t % 2, i % 3);
      auto opened = cache.GetOrOpen(1, connection);
      if (!opened.ok()) ++failures;
      auto found = cache.Find(1, connection.info);
      // Another thread may have replaced it since, never with a wrong entry.
      if (found && found->connection.credentials_version != connection.info.credentials_version) ++failures;
      if (cache.size() > 2) ++failures;
      if (i % 7 == 0) cache.Invalidate(1, t % 2);
    }
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(cache.size(), 2u);
}

TEST(LoginThrottleConcurrency, CountsEveryFailureFromConcurrentAttempts) {
  accounts::LoginThrottle shared;
  const std::vector<std::string> keys = {"account:alice"};
  constexpr std::int64_t kNow = 1'000'000;
  OnThreads([&](int) {
    for (int i = 0; i < 2; ++i) shared.RecordFailure(keys, kNow);
  });
  // The same failures one after another: the waits must agree.
  accounts::LoginThrottle sequential;
  for (int i = 0; i < kThreads * 2; ++i) sequential.RecordFailure(keys, kNow);
  EXPECT_GT(sequential.WaitMs(keys, kNow), 0);
  EXPECT_EQ(shared.WaitMs(keys, kNow), sequential.WaitMs(keys, kNow));
}

TEST(LoginThrottleConcurrency, ReservationsAreHeldAndReleasedWithoutLoss) {
  accounts::LoginThrottle throttle({.free_attempts = 1000});
  const std::vector<std::string> keys = {"ip:127.0.0.1"};
  std::atomic<int> reserved = 0;
  OnThreads([&](int) {
    for (int i = 0; i < 100; ++i) {
      if (throttle.Reserve(keys, 5) == 0) {
        ++reserved;
        throttle.Release(keys);
      }
    }
  });
  EXPECT_EQ(reserved.load(), kThreads * 100);
  // Every reservation was released: a first failure now is still free.
  throttle.RecordFailure(keys, 5);
  EXPECT_EQ(throttle.WaitMs(keys, 5), 0);
}

}  // namespace
}  // namespace flowfile
