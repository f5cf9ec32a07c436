#include "src/cloud/filesystem_factory.h"

#include <arrow/filesystem/azurefs.h>
#include <arrow/filesystem/gcsfs.h>
#include <arrow/filesystem/s3fs.h>

#include "src/cloud/azure_options.h"
#include "src/cloud/gcs_options.h"
#include "src/cloud/guarded_filesystem.h"
#include "src/cloud/s3_options.h"
#include "src/cloud/s3_runtime.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

template <typename FileSystemPtr>
Result<std::shared_ptr<arrow::fs::FileSystem>> Opened(arrow::Result<FileSystemPtr> made,
                                                      const ConnectionInfo& connection) {
  if (!made.ok()) {
    // Make() validates options; its message may quote them, so the caller masks it.
    return Error(ErrorCode::kInvalidArgument, "Could not open storage for connection '" +
                                                  connection.connection_name + "': " + made.status().message());
  }
  return GuardFileSystem(*std::move(made));
}

Result<std::shared_ptr<arrow::fs::FileSystem>> OpenUnmasked(const Connection& connection) {
  switch (connection.info.storage_type) {
    case StorageType::kS3: {
      FLOWFILE_RETURN_IF_ERROR(EnsureS3Ready());
      FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::S3Options options, BuildS3Options(connection));
      return Opened(GuardVendorCall([&] { return arrow::fs::S3FileSystem::Make(options); }), connection.info);
    }
    case StorageType::kGcs: {
      FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::GcsOptions options, BuildGcsOptions(connection));
      return Opened(GuardVendorCall([&] { return arrow::fs::GcsFileSystem::Make(options); }), connection.info);
    }
    case StorageType::kAdls: {
      FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::AzureOptions options, BuildAzureOptions(connection));
      return Opened(GuardVendorCall([&] { return arrow::fs::AzureFileSystem::Make(options); }), connection.info);
    }
  }
  return Error(ErrorCode::kInvalidArgument, "Unknown storage_type.");
}

}  // namespace

Result<std::shared_ptr<arrow::fs::FileSystem>> OpenFileSystem(const Connection& connection) {
  auto fs = OpenUnmasked(connection);
  if (fs.ok()) return fs;
  const SecretMasker masker(connection.secrets);
  return Error(fs.error().code(), masker.Mask(fs.error().message()));
}

Result<CloudStorage> OpenStorage(const Connection& connection) {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<arrow::fs::FileSystem> fs, OpenFileSystem(connection));
  return CloudStorage{connection.info, std::make_shared<const SecretMasker>(connection.secrets), std::move(fs)};
}

Result<CloudPath> CloudStorage::Resolve(std::string_view uri) const { return ResolveCloudPath(connection, uri); }

Error CloudStorage::MapError(const arrow::Status& status, std::string_view uri) const {
  return MapCloudError(status, ErrorContext{connection, std::string(uri)}, *masker);
}

Error CloudStorage::Missing(const CloudPath& path) const {
  const std::string bucket = path.bucket();
  auto bucket_info = fs->GetFileInfo(bucket);
  if (!bucket.empty() && bucket_info.ok() && bucket_info->type() == arrow::fs::FileType::NotFound) {
    const char* word = connection.storage_type == StorageType::kAdls ? "Container" : "Bucket";
    return Error(ErrorCode::kPathNotFound, std::string(word) + " '" + bucket + "' not found (" + path.Uri() +
                                           "): check the name and the connection's region or account.");
  }
  return Error(ErrorCode::kPathNotFound, "Not found: " + path.Uri() + " does not exist.");
}

}  // namespace flowfile::cloud
