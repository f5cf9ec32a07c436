// A master key rotation run through one instance of a PostgreSQL store
// while another serves requests: the new key becomes the sealing one only
// once every live instance holds it, and no request of the other instance
// fails or reads a wrong value meanwhile (pg_shared_keyring.h).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/store/store_backends.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;
using namespace std::chrono_literals;

constexpr auto kHeartbeat = 500ms;  // a window of 1.5 s: slow machines keep up
using ReloadKeys = std::function<Result<std::shared_ptr<const Keyring>>()>;

// The key source of one instance (its key file, say), changed by the test.
class KeySource {
 public:
  explicit KeySource(std::shared_ptr<const Keyring> keys) : keys_(std::move(keys)) {}
  void Set(std::shared_ptr<const Keyring> keys) {
    std::lock_guard lock(mutex_);
    keys_ = std::move(keys);
  }
  ReloadKeys Reload() {
    return [this]() -> Result<std::shared_ptr<const Keyring>> {
      std::lock_guard lock(mutex_);
      return keys_;
    };
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const Keyring> keys_;
};

std::unique_ptr<ConnectionStore> MustOpen(const Secret& url, std::shared_ptr<const Keyring> keys,
                                          ReloadKeys reload = {}) {
  auto opened = OpenPostgresStore({url, std::move(keys), std::move(reload), kHeartbeat});
  EXPECT_TRUE(opened.ok()) << opened.error().message();
  return opened.ok() ? std::move(*opened) : nullptr;
}

std::vector<std::uint32_t> VersionsInUse(ConnectionStore& store) {
  std::vector<std::uint32_t> versions;
  auto counts = store.CountSecretsByKeyVersion();
  EXPECT_TRUE(counts.ok());
  if (counts.ok()) {
    for (const auto& [version, secrets] : *counts) versions.push_back(version);
  }
  return versions;
}

// Requests of one instance on several threads until stopped (or a bound):
// creates with a secret of their own, and reads of those and of the seeded
// connections, each value checked.
class Load {
 public:
  Load(ConnectionStore& store, int seeded) : store_(store), seeded_(seeded) {
    for (int t = 0; t < 4; ++t) threads_.emplace_back([this, t] { Run(t); });
  }
  ~Load() { Stop(); }
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  int done() const { return done_; }
  std::vector<std::string> failures() {
    std::lock_guard lock(mutex_);
    return failures_;
  }

 private:
  void Fail(std::string what) {
    std::lock_guard lock(mutex_);
    failures_.push_back(std::move(what));
  }
  void Check(const std::string& name, const std::string& expected) {
    auto read = store_.GetWithSecrets(kLocalUserId, name);
    if (!read.ok()) return Fail("get " + name + ": " + read.error().message());
    if (read->secrets.get(kAwsSecretAccessKey).reveal() != expected) Fail("wrong secret read for " + name);
  }
  void Run(int thread) {
    for (int i = 0; i < 5000 && !stop_; ++i) {
      const std::string name = "load-" + std::to_string(thread) + "-" + std::to_string(i);
      auto created = store_.Create(kLocalUserId, S3Connection(name, "secret of " + name));
      if (!created.ok()) {
        Fail("create " + name + ": " + created.error().message());
      } else {
        Check(name, "secret of " + name);
      }
      const std::string seeded = "seed-" + std::to_string(i % seeded_);
      Check(seeded, "secret of " + seeded);
      ++done_;
    }
  }

  ConnectionStore& store_;
  const int seeded_;
  std::atomic<bool> stop_{false};
  std::atomic<int> done_{0};
  std::mutex mutex_;
  std::vector<std::string> failures_;
  std::vector<std::thread> threads_;
};

// Waits (bounded) until the load has answered `more` further requests.
void LetLoadRun(const Load& load, int more) {
  const int target = load.done() + more;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (load.done() < target && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_GE(load.done(), target) << "the load stalled";
}

TEST(PostgresRotationTest, ANewKeyIsSealedWithOnlyOnceEveryInstanceHoldsItAndNoRequestFails) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  KeySource second_keys(MakeKeyring({1}));
  auto rotating = MustOpen(database.url(), MakeKeyring({1}));
  auto serving = MustOpen(database.url(), MakeKeyring({1}), second_keys.Reload());
  ASSERT_NE(rotating, nullptr);
  ASSERT_NE(serving, nullptr);
  constexpr int kSeeded = 20;
  for (int i = 0; i < kSeeded; ++i) {
    const std::string name = "seed-" + std::to_string(i);
    ASSERT_TRUE(rotating->Create(kLocalUserId, S3Connection(name, "secret of " + name)).ok());
  }

  Load load(*serving, kSeeded);
  LetLoadRun(load, 20);
  // The serving instance cannot read version 2 yet: the rotation refuses,
  // and nothing is sealed with it.
  Status early = rotating->ReencryptSecrets(MakeKeyring({1, 2}));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(early.error().message().find("cannot read master key version 2"), std::string::npos)
      << early.error().message();
  EXPECT_EQ(VersionsInUse(*rotating), std::vector<std::uint32_t>{1});

  // The serving instance's key file gains version 2; its next heartbeat
  // publishes it. Until the rotation, it still seals with version 1.
  second_keys.Set(MakeKeyring({1, 2}));
  std::this_thread::sleep_for(2 * kHeartbeat);
  LetLoadRun(load, 20);
  EXPECT_EQ(VersionsInUse(*rotating), std::vector<std::uint32_t>{1});

  Status rotated = rotating->ReencryptSecrets(MakeKeyring({1, 2}));
  ASSERT_TRUE(rotated.ok()) << rotated.error().message();
  LetLoadRun(load, 40);
  load.Stop();
  const std::vector<std::string> failures = load.failures();
  EXPECT_EQ(failures.size(), 0u) << "first: " << (failures.empty() ? "" : failures.front());
  // Everything, also what the serving instance wrote during and after the
  // rotation, is sealed with the new version; the old one can go.
  EXPECT_EQ(VersionsInUse(*rotating), std::vector<std::uint32_t>{2});
  ASSERT_TRUE(rotating->DropKeyChecksExcept(2).ok());
  auto read = serving->GetWithSecrets(kLocalUserId, "seed-3");
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->secrets.get(kAwsSecretAccessKey).reveal(), "secret of seed-3");
}

TEST(PostgresRotationTest, AnInstanceThatLeftDoesNotHoldUpARotation) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  auto rotating = MustOpen(database.url(), MakeKeyring({1}));
  ASSERT_NE(rotating, nullptr);
  MustOpen(database.url(), MakeKeyring({1})).reset();  // started and stopped
  ASSERT_TRUE(rotating->Create(kLocalUserId, S3Connection("lake")).ok());
  Status rotated = rotating->ReencryptSecrets(MakeKeyring({1, 2}));
  ASSERT_TRUE(rotated.ok()) << rotated.error().message();
  EXPECT_EQ(VersionsInUse(*rotating), std::vector<std::uint32_t>{2});
}

}  // namespace
}  // namespace flowfile::store_testing
