// What flowfile knows of each cloud provider, declared once: the URI schemes
// that name it, where its storage starts, what it calls a bucket, how its
// failures read (error_mapping.h) and how its Arrow filesystem is opened.
// Every other place asks this table instead of switching on StorageType.
#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/status.h>

#include <array>
#include <memory>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/result.h"
#include "src/cloud/error_mapping.h"

namespace flowfile::cloud {

struct Provider {
  StorageType storage_type;
  std::string_view label;        // names the provider in messages: "S3", "GCS", "Azure"
  std::string_view root_uri;     // the top of a connection's storage: "s3://", "gs://", "az://"
  std::string_view scheme_hint;  // the schemes to suggest in messages: "abfss:// or az://"
  std::string_view bucket_word;  // "Bucket", "Container"
  // Turns the provider's failures into flowfile errors (unmasked).
  Error (*map_error)(const arrow::Status& status, const ErrorContext& context);
  // Builds the provider's options from a connection and makes its
  // filesystem, unguarded and unmasked (filesystem_factory.h does both).
  Result<std::shared_ptr<arrow::fs::FileSystem>> (*make_filesystem)(const Connection& connection);
};

// The provider of a storage type.
const Provider& ProviderOf(StorageType type);

struct SchemeSpec {
  std::string_view scheme;
  StorageType storage_type;
};

// Every URI scheme flowfile reads, as written in lower case.
inline constexpr std::array<SchemeSpec, 7> kSchemes = {{
    {"s3", StorageType::kS3},
    {"s3a", StorageType::kS3},
    {"gs", StorageType::kGcs},
    {"gcs", StorageType::kGcs},
    {"abfs", StorageType::kAdls},
    {"abfss", StorageType::kAdls},
    {"az", StorageType::kAdls},
}};

}  // namespace flowfile::cloud
