// Cloud URIs (s3://, gs://, abfs[s]://, az://) and the paths Arrow's
// filesystems use for them ("bucket/key", "container/path").
#pragma once

#include <string>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

// One parsed cloud location. Value type.
struct CloudPath {
  StorageType storage_type = StorageType::kS3;
  std::string scheme;        // as written: "s3", "gs", "abfss", "az", ...
  std::string account_host;  // abfs[s] only: "account.dfs.core.windows.net"
  std::string fs_path;       // "bucket/key" without leading or trailing '/'

  std::string bucket() const;  // first segment (bucket or container); empty at the root
  std::string key() const;     // the rest; empty for a bucket
  // The URI of this location, e.g. "s3://bucket/key".
  std::string Uri() const;
  // The URI of another filesystem path under the same scheme and account.
  std::string UriOf(std::string_view other_fs_path) const;
};

// Parses a URI. kInvalidArgument names the accepted forms when the scheme is
// unknown or the URI is malformed (query strings are refused: they are where
// SAS tokens leak).
Result<CloudPath> ParseCloudPath(std::string_view uri);

// Parses a URI and checks it belongs to the connection: its scheme must match
// the storage type, and an abfs URI's account must be the connection's.
Result<CloudPath> ResolveCloudPath(const ConnectionInfo& connection, std::string_view uri);

// The URI schemes accepted for a storage type, for messages: "s3://".
std::string_view SchemeHint(StorageType type);

}  // namespace flowfile::cloud
