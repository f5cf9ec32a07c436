// Several processes sharing one store file: atomic create-if-not-exists and
// consistent creates and deletes. Children are fork()ed with no SQLite
// connection open in the parent, each opens its own store, and reports a
// count through a pipe.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "flowfile/connection_store.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

constexpr int kOperationsPerProcess = 200;

// A count a child reports, or kChildFailed.
constexpr std::int64_t kChildFailed = -1;

class MultiProcessTest : public StoreTest {
 protected:
  // Runs `work(child index, its own store)` in `children` processes at once
  // and returns what each returned. The parent's store is closed meanwhile:
  // SQLite connections must not cross a fork.
  std::vector<std::int64_t> RunInChildren(int children,
                                          const std::function<std::int64_t(int, ConnectionStore&)>& work) {
    store_.reset();
    std::vector<std::pair<pid_t, int>> running;
    for (int child = 0; child < children; ++child) {
      int fds[2];
      EXPECT_EQ(pipe(fds), 0);
      const pid_t pid = fork();
      if (pid == 0) {
        close(fds[0]);
        std::int64_t result = kChildFailed;
        if (auto opened = OpenSqliteStore({store_path(), keyring_}); opened.ok()) result = work(child, **opened);
        const ssize_t written = write(fds[1], &result, sizeof result);
        _exit(written == sizeof result ? 0 : 1);  // no destructors: they belong to the parent
      }
      close(fds[1]);
      running.emplace_back(pid, fds[0]);
    }
    std::vector<std::int64_t> results;
    for (auto [pid, fd] : running) {
      std::int64_t result = kChildFailed;
      EXPECT_EQ(read(fd, &result, sizeof result), static_cast<ssize_t>(sizeof result));
      close(fd);
      int status = 0;
      EXPECT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      results.push_back(result);
    }
    store_ = Open(keyring_);
    return results;
  }

  std::map<std::string, int> AuditCounts() {
    std::map<std::string, int> counts;
    auto log = store_->AuditLog(kLocalUserId, 100000);
    EXPECT_TRUE(log.ok());
    for (const AuditEvent& event : *log) ++counts[event.action];
    return counts;
  }
};

TEST_F(MultiProcessTest, RacingCreateIfNotExistsCreatesEachNameExactlyOnce) {
  // Child 0 walks the names upwards, child 1 downwards, so they collide.
  const auto created_counts = RunInChildren(2, [](int child, ConnectionStore& store) -> std::int64_t {
    std::int64_t created = 0;
    for (int step = 0; step < kOperationsPerProcess; ++step) {
      const int index = child == 0 ? step : kOperationsPerProcess - 1 - step;
      const std::string name = "conn-" + std::to_string(index);
      auto outcome = store.CreateIfNotExists(kLocalUserId, S3Connection(name));
      if (!outcome.ok() || outcome->connection.connection_name != name) return kChildFailed;
      created += outcome->created ? 1 : 0;
    }
    return created;
  });
  ASSERT_EQ(created_counts.size(), 2u);
  ASSERT_NE(created_counts[0], kChildFailed);
  ASSERT_NE(created_counts[1], kChildFailed);
  EXPECT_EQ(created_counts[0] + created_counts[1], kOperationsPerProcess);

  auto listed = store_->List(kLocalUserId);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), static_cast<std::size_t>(kOperationsPerProcess));
  EXPECT_EQ(AuditCounts()["created"], kOperationsPerProcess);
}

TEST_F(MultiProcessTest, ConcurrentCreatesAndDeletesLeaveAConsistentSet) {
  // Child 0 creates shared-i; child 1 deletes shared-i (whether it exists yet
  // or not) and creates and deletes its own own-i for every even i.
  const auto counts = RunInChildren(2, [](int child, ConnectionStore& store) -> std::int64_t {
    std::int64_t deleted_shared = 0;
    for (int i = 0; i < kOperationsPerProcess; ++i) {
      const std::string shared = "shared-" + std::to_string(i);
      if (child == 0) {
        if (!store.Create(kLocalUserId, S3Connection(shared)).ok()) return kChildFailed;
        continue;
      }
      Status deleted = store.Delete(kLocalUserId, shared);
      if (deleted.ok()) {
        ++deleted_shared;
      } else if (deleted.error().code() != ErrorCode::kNotFound) {
        return kChildFailed;
      }
      const std::string own = "own-" + std::to_string(i);
      if (!store.Create(kLocalUserId, S3Connection(own, "own-key")).ok()) return kChildFailed;
      if (i % 2 == 0 && !store.Delete(kLocalUserId, own).ok()) return kChildFailed;
    }
    return deleted_shared;
  });
  ASSERT_EQ(counts.size(), 2u);
  ASSERT_EQ(counts[0], 0);
  ASSERT_NE(counts[1], kChildFailed);
  const std::int64_t deleted_shared = counts[1];

  auto listed = store_->List(kLocalUserId);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(static_cast<std::int64_t>(listed->size()),
            (kOperationsPerProcess - deleted_shared) + kOperationsPerProcess / 2);
  for (const ConnectionInfo& info : *listed) {
    auto full = store_->GetWithSecrets(kLocalUserId, info.connection_name);
    ASSERT_TRUE(full.ok()) << info.connection_name << ": " << full.error().message();
    EXPECT_TRUE(full->secrets.has(SecretField::kAwsSecretAccessKey));
  }
  auto raw = Raw();
  auto orphans = raw->Prepare(
      "SELECT count(*) FROM connection_secrets s WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE c.id = "
      "s.connection_id)");
  ASSERT_TRUE(orphans.ok());
  ASSERT_TRUE(*orphans->Step());
  EXPECT_EQ(orphans->ColumnInt(0), 0);

  auto audit = AuditCounts();
  EXPECT_EQ(audit["created"], 2 * kOperationsPerProcess);
  EXPECT_EQ(audit["deleted"], deleted_shared + kOperationsPerProcess / 2);
}

TEST_F(StoreTest, ThreadsSharingOneStoreCreateEachNameExactlyOnce) {
  constexpr int kThreads = 4;
  constexpr int kNames = 50;
  std::atomic<int> created{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int step = 0; step < kNames; ++step) {
        const int index = (step + thread * 13) % kNames;
        auto outcome = store_->CreateIfNotExists(kLocalUserId, S3Connection("thread-" + std::to_string(index)));
        if (!outcome.ok()) {
          ++failed;
        } else if (outcome->created) {
          ++created;
        }
        if (!store_->GetWithSecrets(kLocalUserId, "thread-" + std::to_string(index)).ok()) ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), kNames);
  EXPECT_EQ(store_->List(kLocalUserId)->size(), static_cast<std::size_t>(kNames));
}

}  // namespace
}  // namespace flowfile::store_testing
