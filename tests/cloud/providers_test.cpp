// The provider table (providers.h) is the one place provider facts live;
// these checks keep its rows consistent with each other and with the URI
// parser (the root URI a connection test lists used to disagree with the
// schemes suggested in messages for Azure).
#include "src/cloud/providers.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "flowfile/connection_rules.h"
#include "src/cloud/cloud_path.h"

namespace flowfile::cloud {
namespace {

TEST(Providers, EveryStorageTypeHasItsOwnRow) {
  std::set<std::string_view> labels;
  for (StorageType type : kAllStorageTypes) {
    const Provider& provider = ProviderOf(type);
    EXPECT_EQ(provider.storage_type, type);
    EXPECT_TRUE(provider.map_error != nullptr);
    EXPECT_TRUE(provider.make_filesystem != nullptr);
    labels.insert(provider.label);
  }
  EXPECT_EQ(labels.size(), kAllStorageTypes.size());
}

TEST(Providers, RootAndHintedSchemesParseToTheirStorageType) {
  for (StorageType type : kAllStorageTypes) {
    const Provider& provider = ProviderOf(type);
    Result<CloudPath> root = ParseCloudPath(provider.root_uri);
    ASSERT_TRUE(root.ok()) << provider.root_uri;
    EXPECT_EQ(root->storage_type, type);
    EXPECT_TRUE(root->fs_path.empty());
    // Every scheme the hint names is one the parser takes for this provider.
    const std::string_view root_scheme = provider.root_uri.substr(0, provider.root_uri.find(':'));
    EXPECT_NE(provider.scheme_hint.find(std::string(root_scheme) + "://"), std::string_view::npos)
        << provider.label << " hints " << provider.scheme_hint << " but lists " << provider.root_uri;
    for (const SchemeSpec& spec : kSchemes) {
      if (provider.scheme_hint.find(std::string(spec.scheme) + "://") == 0 ||
          provider.scheme_hint.find(" " + std::string(spec.scheme) + "://") != std::string_view::npos) {
        EXPECT_EQ(spec.storage_type, type) << spec.scheme;
      }
    }
  }
}

TEST(Providers, EachErrorMapperNamesItsOwnBucketWord) {
  for (StorageType type : kAllStorageTypes) {
    ConnectionInfo connection;
    connection.storage_type = type;
    connection.connection_name = "c";
    const std::string uri = std::string(ProviderOf(type).root_uri) + "data/x.parquet";
    const char* missing = type == StorageType::kS3    ? "NoSuchBucket"
                          : type == StorageType::kGcs ? "NOT_FOUND: The specified bucket does not exist."
                                                      : "ContainerNotFound";
    const Error error = ProviderOf(type).map_error(arrow::Status::IOError(missing), ErrorContext{connection, uri});
    EXPECT_EQ(error.code(), ErrorCode::kPathNotFound) << error.message();
    EXPECT_EQ(error.message().rfind(std::string(ProviderOf(type).bucket_word) + " 'data'", 0), 0u)
        << error.message();
  }
}

}  // namespace
}  // namespace flowfile::cloud
