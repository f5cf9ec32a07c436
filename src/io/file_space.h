// The filesystem behind a FileLocation, with how to name its paths for
// people and how to report its failures: a connection's cloud storage, or
// this machine's disk.
#pragma once

#include <arrow/filesystem/filesystem.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/files.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::io {

class FileSpace {
 public:
  // `uri` must belong to the connection (see cloud::ResolveCloudPath).
  static Result<FileSpace> Cloud(cloud::CloudStorage storage, std::string_view uri);
  // `path` is made absolute against the working directory.
  static Result<FileSpace> Local(std::string_view path);

  const std::shared_ptr<arrow::fs::FileSystem>& fs() const { return fs_; }
  bool is_local() const { return !storage_.has_value(); }
  // The filesystem path of the location itself.
  const std::string& root() const { return root_; }
  // True when the location was written as a folder: ending in '/', or a
  // bucket, container or filesystem root.
  bool names_folder() const { return names_folder_; }

  // What people read for a filesystem path of this space: a URI, or the
  // local path.
  std::string NameOf(std::string_view fs_path) const;
  Error MapError(const arrow::Status& status, std::string_view fs_path) const;
  // kPathNotFound for `fs_path`, naming a missing bucket or container.
  Error Missing(std::string_view fs_path) const;
  // Makes sure the folder of `fs_path` exists where folders are real (local
  // disks); cloud object stores need none.
  arrow::Status PrepareParent(std::string_view fs_path) const;

  // The location's metadata; kPathNotFound when nothing is there.
  Result<arrow::fs::FileInfo> Stat() const;
  // The files below the location (and, unless recursive, its direct
  // folders), by path, without staging files (atomic_output.h).
  Result<std::vector<arrow::fs::FileInfo>> ListBelow(bool recursive) const;

 private:
  FileSpace(std::shared_ptr<arrow::fs::FileSystem> fs, std::string root, bool names_folder)
      : fs_(std::move(fs)), root_(std::move(root)), names_folder_(names_folder) {}

  std::shared_ptr<arrow::fs::FileSystem> fs_;
  std::string root_;
  bool names_folder_ = false;
  std::optional<cloud::CloudStorage> storage_;  // cloud only
  cloud::CloudPath cloud_path_;                 // cloud only: scheme and account for names
};

// A FileInfo as front ends see it: a full name, directories ending in '/'.
FileEntry ToFileEntry(const FileSpace& space, const arrow::fs::FileInfo& info);

}  // namespace flowfile::io
