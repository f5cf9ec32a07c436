#include "src/cloud/providers.h"

#include <arrow/filesystem/azurefs.h>
#include <arrow/filesystem/gcsfs.h>
#include <arrow/filesystem/s3fs.h>

#include "src/cloud/azure_options.h"
#include "src/cloud/gcs_options.h"
#include "src/cloud/s3_options.h"
#include "src/cloud/s3_runtime.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

template <typename FileSystemPtr>
Result<std::shared_ptr<arrow::fs::FileSystem>> Made(arrow::Result<FileSystemPtr> made,
                                                    const ConnectionInfo& connection) {
  if (!made.ok()) {
    // Make() validates options; its message may quote them, so the caller masks it.
    return Error(ErrorCode::kInvalidArgument, "Could not open storage for connection '" +
                                                  connection.connection_name + "': " + made.status().message());
  }
  return std::shared_ptr<arrow::fs::FileSystem>(*std::move(made));
}

Result<std::shared_ptr<arrow::fs::FileSystem>> MakeS3(const Connection& connection) {
  FLOWFILE_RETURN_IF_ERROR(EnsureS3Ready());
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::S3Options options, BuildS3Options(connection));
  return Made(GuardVendorCall([&] { return arrow::fs::S3FileSystem::Make(options); }), connection.info);
}

Result<std::shared_ptr<arrow::fs::FileSystem>> MakeGcs(const Connection& connection) {
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::GcsOptions options, BuildGcsOptions(connection));
  return Made(GuardVendorCall([&] { return arrow::fs::GcsFileSystem::Make(options); }), connection.info);
}

Result<std::shared_ptr<arrow::fs::FileSystem>> MakeAzure(const Connection& connection) {
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::AzureOptions options, BuildAzureOptions(connection));
  return Made(GuardVendorCall([&] { return arrow::fs::AzureFileSystem::Make(options); }), connection.info);
}

constexpr std::array<Provider, 3> kProviders = {{
    {StorageType::kS3, "S3", "s3://", "s3://", "Bucket", &MapS3Error, &MakeS3},
    {StorageType::kGcs, "GCS", "gs://", "gs://", "Bucket", &MapGcsError, &MakeGcs},
    {StorageType::kAdls, "Azure", "az://", "abfss:// or az://", "Container", &MapAzureError, &MakeAzure},
}};

}  // namespace

const Provider& ProviderOf(StorageType type) {
  for (const Provider& provider : kProviders) {
    if (provider.storage_type == type) return provider;
  }
  return kProviders[0];  // unreachable: every StorageType has a row (providers_test)
}

}  // namespace flowfile::cloud
