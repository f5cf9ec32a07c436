// Proving a connection works, and browsing what it can see.
#pragma once

#include <chrono>
#include <string_view>

#include "flowfile/result.h"
#include "flowfile/storage.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::cloud {

inline constexpr std::chrono::seconds kConnectionTestTimeLimit{20};

// One cheap call against the connection's own endpoint: the metadata of
// `path` (HEAD on an object or bucket), or the list of buckets/containers
// when `path` is empty. A failing check is a result with ok=false and a
// mapped, masked message, not an error; errors are for unusable input
// (a path of another storage type). Gives up after `time_limit`.
Result<ConnectionTestResult> TestConnection(const CloudStorage& storage, std::string_view path,
                                            std::chrono::milliseconds time_limit = kConnectionTestTimeLimit);

// One page of the entries directly under `path` (buckets/containers at the
// root when empty), directories first then by name. `page_token` is the
// next_page_token of the previous page, empty for the first (another
// listing's token is kInvalidArgument, field "page_token"). page_size is
// clamped to 1..1000. The page names its location, its parent and whether it
// holds a Delta table (a _delta_log folder) or an Iceberg table (see
// IsIcebergTableFolder).
Result<BrowsePage> Browse(const CloudStorage& storage, std::string_view path, std::string_view page_token,
                          int page_size);

}  // namespace flowfile::cloud
