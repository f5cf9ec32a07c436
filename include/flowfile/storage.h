// What a connection's storage answers a front end: the outcome of a
// connection test and a page of a folder listing. Built from public views
// and masked provider text only: never a secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/error.h"

namespace flowfile {

struct ConnectionTestResult {
  bool ok = false;
  std::string check;             // what was tried, e.g. "list s3://bucket/prefix"
  std::string message;           // cleaned: never a secret
  std::string error_code;        // ErrorCodeName of the failure ("access_denied"); empty when ok
  std::optional<Remedy> remedy;  // the setting that fixes the failure, when one does
};

// What an entry of a listing is: a bucket or container (at the root), a
// folder (a common prefix), or a stored object.
enum class BrowseEntryKind { kContainer, kPrefix, kObject };

struct BrowseEntry {
  std::string path;  // full URI; a directory's ends with '/'
  bool is_directory = false;
  std::int64_t size = 0;  // 0 for directories
  std::string name;       // the last segment of the path, without '/'
  BrowseEntryKind kind = BrowseEntryKind::kObject;
  std::optional<std::int64_t> modified_unix_ms;  // objects only, when the provider says
};

struct BrowsePage {
  std::vector<BrowseEntry> entries;
  std::string next_page_token;       // empty on the last page
  std::string path;                  // the listed location, without a trailing '/': "s3://", "s3://bucket/key"
  std::string parent_path;           // one level up ("s3://" above a bucket); empty at the root
  bool is_root = false;              // the listing of buckets or containers
  bool root_listing_denied = false;  // the credentials may not list buckets: type a bucket's path instead
  bool is_delta_table = false;       // the location holds a _delta_log folder
  bool is_iceberg_table = false;     // the location holds metadata/ with *.metadata.json files
};

// A listing to make: the connection's storage (an empty connection_name
// uses the local user's own default credentials, as a scan does), at `path`
// (the buckets or containers when empty; `storage_type` then says whose,
// default S3). page_size is 1..1000.
struct BrowseRequest {
  std::string connection_name;
  std::string path;
  std::string page_token;  // the next_page_token of the previous page; empty for the first
  int page_size = 200;
  std::optional<StorageType> storage_type;  // must match the connection's; without one, default S3
};

}  // namespace flowfile
