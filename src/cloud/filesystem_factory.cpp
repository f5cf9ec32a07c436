#include "src/cloud/filesystem_factory.h"

#include "src/cloud/guarded_filesystem.h"
#include "src/cloud/providers.h"

namespace flowfile::cloud {
namespace {

Result<std::shared_ptr<arrow::fs::FileSystem>> OpenUnmasked(const Connection& connection) {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<arrow::fs::FileSystem> fs,
                            ProviderOf(connection.info.storage_type).make_filesystem(connection));
  return GuardFileSystem(std::move(fs));
}

}  // namespace

Result<std::shared_ptr<arrow::fs::FileSystem>> OpenFileSystem(const Connection& connection) {
  auto fs = OpenUnmasked(connection);
  if (fs.ok()) return fs;
  const SecretMasker masker(connection.secrets);
  return masker.MaskError(fs.error());
}

Result<CloudStorage> OpenStorage(const Connection& connection) {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<arrow::fs::FileSystem> fs, OpenFileSystem(connection));
  return CloudStorage{connection.info, std::make_shared<const SecretMasker>(connection.secrets), std::move(fs),
                      std::make_shared<const Result<TableOptions>>(BuildTableOptions(connection))};
}

Result<CloudPath> CloudStorage::Resolve(std::string_view uri) const { return ResolveCloudPath(connection, uri); }

Error CloudStorage::MapError(const arrow::Status& status, std::string_view uri) const {
  return MapCloudError(status, ErrorContext{connection, std::string(uri)}, *masker);
}

Error CloudStorage::Missing(const CloudPath& path) const {
  const std::string bucket = path.bucket();
  auto bucket_info = fs->GetFileInfo(bucket);
  if (!bucket.empty() && bucket_info.ok() && bucket_info->type() == arrow::fs::FileType::NotFound) {
    const std::string_view word = ProviderOf(connection.storage_type).bucket_word;
    return Error(ErrorCode::kPathNotFound, std::string(word) + " '" + bucket + "' not found (" + path.Uri() +
                                               "): check the name and the connection's region or account.");
  }
  return Error(ErrorCode::kPathNotFound, "Not found: " + path.Uri() + " does not exist.");
}

}  // namespace flowfile::cloud
