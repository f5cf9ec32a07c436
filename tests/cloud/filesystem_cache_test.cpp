#include "src/cloud/filesystem_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace flowfile::cloud {
namespace {

Connection S3Connection(std::int64_t id, std::int64_t version) {
  Connection connection;
  connection.info.id = id;
  connection.info.connection_name = "c" + std::to_string(id);
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "us-east-1";
  connection.info.aws_access_key_id = "AKIAEXAMPLE";
  connection.info.credentials_version = version;
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("secret"));
  return connection;
}

TEST(FileSystemCache, ReusesTheFilesystemOfTheSameConnectionVersion) {
  FileSystemCache cache;
  auto first = cache.GetOrOpen(1, S3Connection(5, 1));
  auto second = cache.GetOrOpen(1, S3Connection(5, 1));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->fs, second->fs);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FileSystemCache, OpensAFreshFilesystemWhenCredentialsChange) {
  FileSystemCache cache;
  auto old_version = cache.GetOrOpen(1, S3Connection(5, 1));
  auto new_version = cache.GetOrOpen(1, S3Connection(5, 2));
  ASSERT_TRUE(old_version.ok() && new_version.ok());
  EXPECT_NE(old_version->fs, new_version->fs);
  EXPECT_EQ(cache.size(), 1u);  // the old version is dropped
}

TEST(FileSystemCache, NeverSharesAnEntryBetweenUsers) {
  FileSystemCache cache;
  auto mine = cache.GetOrOpen(1, S3Connection(5, 1));
  auto theirs = cache.GetOrOpen(2, S3Connection(5, 1));
  ASSERT_TRUE(mine.ok() && theirs.ok());
  EXPECT_NE(mine->fs, theirs->fs);
}

// Which entries survive is seen by identity: a dropped entry opens a new
// filesystem on its next use, a kept one hands back the same one.
TEST(FileSystemCache, InvalidateDropsOnlyThatConnection) {
  FileSystemCache cache;
  auto dropped = cache.GetOrOpen(1, S3Connection(5, 1));
  auto same_user = cache.GetOrOpen(1, S3Connection(6, 1));
  auto other_user = cache.GetOrOpen(2, S3Connection(5, 1));
  ASSERT_TRUE(dropped.ok() && same_user.ok() && other_user.ok());
  cache.Invalidate(1, 5);
  EXPECT_EQ(cache.size(), 2u);
  auto kept_same_user = cache.GetOrOpen(1, S3Connection(6, 1));
  auto kept_other_user = cache.GetOrOpen(2, S3Connection(5, 1));
  auto reopened = cache.GetOrOpen(1, S3Connection(5, 1));
  ASSERT_TRUE(kept_same_user.ok() && kept_other_user.ok() && reopened.ok());
  EXPECT_EQ(kept_same_user->fs, same_user->fs);
  EXPECT_EQ(kept_other_user->fs, other_user->fs);
  EXPECT_NE(reopened->fs, dropped->fs);
}

TEST(FileSystemCache, IsSafeUnderConcurrentUse) {
  FileSystemCache cache;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (!cache.GetOrOpen(1, S3Connection(t % 3, i % 2)).ok()) ++failures;
        if (i % 10 == 0) cache.Invalidate(1, t % 3);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(cache.size(), 3u);
}

}  // namespace
}  // namespace flowfile::cloud
