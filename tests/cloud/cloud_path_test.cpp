#include "src/cloud/cloud_path.h"

#include <gtest/gtest.h>

namespace flowfile::cloud {
namespace {

struct PathCase {
  std::string uri;
  StorageType storage_type;
  std::string fs_path;
  std::string bucket;
  std::string key;
};

class ParsesCloudUris : public ::testing::TestWithParam<PathCase> {};

TEST_P(ParsesCloudUris, IntoArrowPaths) {
  const PathCase& c = GetParam();
  auto path = ParseCloudPath(c.uri);
  ASSERT_TRUE(path.ok()) << path.error().message();
  EXPECT_EQ(path->storage_type, c.storage_type);
  EXPECT_EQ(path->fs_path, c.fs_path);
  EXPECT_EQ(path->bucket(), c.bucket);
  EXPECT_EQ(path->key(), c.key);
}

INSTANTIATE_TEST_SUITE_P(
    AllSchemes, ParsesCloudUris,
    ::testing::Values(PathCase{"s3://bucket/dir/file.parquet", StorageType::kS3, "bucket/dir/file.parquet",
                               "bucket", "dir/file.parquet"},
                      PathCase{"s3://bucket/dir/", StorageType::kS3, "bucket/dir", "bucket", "dir"},
                      PathCase{"s3://bucket", StorageType::kS3, "bucket", "bucket", ""},
                      PathCase{"S3A://bucket/k", StorageType::kS3, "bucket/k", "bucket", "k"},
                      PathCase{"gs://lake/a/b.csv", StorageType::kGcs, "lake/a/b.csv", "lake", "a/b.csv"},
                      PathCase{"abfss://box@acct.dfs.core.windows.net/a/b.json", StorageType::kAdls,
                               "box/a/b.json", "box", "a/b.json"},
                      PathCase{"abfs://box@acct.dfs.core.windows.net", StorageType::kAdls, "box", "box", ""},
                      PathCase{"az://box/a", StorageType::kAdls, "box/a", "box", "a"}));

TEST(CloudPath, RebuildsAbfsUrisWithTheAccount) {
  auto path = ParseCloudPath("abfss://box@acct.dfs.core.windows.net/a");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(path->Uri(), "abfss://box@acct.dfs.core.windows.net/a");
  EXPECT_EQ(path->UriOf("other/x/y"), "abfss://other@acct.dfs.core.windows.net/x/y");
}

TEST(CloudPath, RejectsUnknownSchemesAndQueries) {
  for (const char* uri : {"http://bucket/key", "bucket/key", "s3://bucket/key?X-Amz-Signature=abc",
                          "abfss://acct.dfs.core.windows.net/a"}) {
    auto path = ParseCloudPath(uri);
    ASSERT_FALSE(path.ok()) << uri;
    EXPECT_EQ(path.error().code(), ErrorCode::kInvalidArgument) << uri;
  }
}

TEST(CloudPath, RejectsASchemeOfAnotherStorageType) {
  ConnectionInfo info;
  info.connection_name = "lake";
  info.storage_type = StorageType::kS3;
  auto path = ResolveCloudPath(info, "gs://bucket/key");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(path.error().message().find("s3://"), std::string::npos) << path.error().message();
}

TEST(CloudPath, RejectsAnotherAzureAccount) {
  ConnectionInfo info;
  info.connection_name = "adls";
  info.storage_type = StorageType::kAdls;
  info.azure_account_name = "mine";
  EXPECT_TRUE(ResolveCloudPath(info, "abfss://box@mine.dfs.core.windows.net/a").ok());
  auto other = ResolveCloudPath(info, "abfss://box@theirs.dfs.core.windows.net/a");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace flowfile::cloud
