// Files as a command line sees them: listing a location and copying files
// between local paths and cloud locations, or between two clouds, byte for
// byte (no format is read).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace flowfile {

// Where files are: a cloud URI reached through one of the user's
// connections, or, with no connection, a path on this machine. Local
// locations are for front ends that act for the machine's own user (the
// command line); the server never builds one.
struct FileLocation {
  std::string connection_name;  // empty: a local path
  std::string path;             // s3://bucket/key, gs://..., abfs://..., or a local path

  bool is_local() const { return connection_name.empty(); }
};

struct FileEntry {
  std::string path;  // full URI (or absolute local path); directories end in '/'
  bool is_directory = false;
  std::int64_t size = 0;         // bytes; 0 for directories
  std::int64_t modified_at = 0;  // unix milliseconds; 0 when the store does not say
};

struct CopyOptions {
  bool recursive = false;  // copy a folder's files, keeping their paths below it
  bool dry_run = false;    // plan only: say what would be copied, copy nothing
};

// One file of a copy.
struct CopyItem {
  std::string from;
  std::string to;
  std::int64_t size = 0;
};

// How far a copy is; reported after every chunk written, from the copying
// thread.
struct CopyProgress {
  std::int64_t bytes_done = 0;
  std::int64_t bytes_total = 0;
  std::size_t files_done = 0;
  std::size_t files_total = 0;
  std::string_view current;  // the file being copied (its destination)
};
using CopyProgressCallback = std::function<void(const CopyProgress&)>;

struct CopyResult {
  std::vector<CopyItem> items;  // in copy order; all of them done unless dry_run
  std::int64_t bytes = 0;
  double seconds = 0;
};

}  // namespace flowfile
