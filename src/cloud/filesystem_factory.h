// Connection -> an opened Arrow filesystem, plus what is needed to name
// paths and report errors for it.
#pragma once

#include <arrow/filesystem/filesystem.h>

#include <memory>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/result.h"
#include "src/cloud/cloud_path.h"
#include "src/cloud/error_mapping.h"
#include "src/cloud/secret_masker.h"
#include "src/cloud/table_options.h"

namespace flowfile::cloud {

// Opens the filesystem of a connection (S3, GCS or Azure) with its
// credentials set on Arrow's option fields. Does no network call: bad
// credentials show up on first use. kInvalidArgument / kInvalidEndpoint for
// unusable settings; messages are masked.
Result<std::shared_ptr<arrow::fs::FileSystem>> OpenFileSystem(const Connection& connection);

// An opened filesystem for one connection: the public view, the masker for
// its secrets, and the filesystem. Immutable; safe to share between threads.
struct CloudStorage {
  ConnectionInfo connection;
  std::shared_ptr<const SecretMasker> masker;
  std::shared_ptr<arrow::fs::FileSystem> fs;
  // What the table library needs to reach this storage (see TableOptions),
  // or why it cannot; built with the filesystem, from the same decrypted
  // connection, and held in memory only.
  std::shared_ptr<const Result<TableOptions>> table_options;

  // Checks a URI belongs to this connection (see ResolveCloudPath).
  Result<CloudPath> Resolve(std::string_view uri) const;
  // Maps an Arrow failure while accessing `uri` (MapCloudError).
  Error MapError(const arrow::Status& status, std::string_view uri) const;
  // kPathNotFound for a path Arrow reported missing, naming the bucket when it is
  // the bucket (or container) that does not exist (one extra HEAD).
  Error Missing(const CloudPath& path) const;
};

// OpenFileSystem plus the masker and public view.
Result<CloudStorage> OpenStorage(const Connection& connection);

}  // namespace flowfile::cloud
