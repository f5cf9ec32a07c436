#include "src/io/file_space.h"

#include <arrow/filesystem/localfs.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "src/io/atomic_output.h"

namespace flowfile::io {
namespace {

bool IsStaging(std::string_view fs_path) {
  const std::size_t slash = fs_path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? fs_path : fs_path.substr(slash + 1);
  return name.starts_with(kStagingPrefix);
}

}  // namespace

Result<FileSpace> FileSpace::Cloud(cloud::CloudStorage storage, std::string_view uri) {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, storage.Resolve(uri));
  const bool folder = uri.ends_with('/') || path.key().empty();
  FileSpace space(storage.fs, path.fs_path, folder);
  space.storage_ = std::move(storage);
  space.cloud_path_ = std::move(path);
  return space;
}

Result<FileSpace> FileSpace::Local(std::string_view path) {
  if (path.empty()) return InvalidField("path", "is empty: name a local file or folder.");
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(std::filesystem::path(path), error);
  if (error) return InvalidField("path", "cannot be made absolute: " + std::string(path));
  std::string root = absolute.lexically_normal().string();
  const bool folder = path.ends_with('/') || root == "/";
  if (root.size() > 1 && root.ends_with('/')) root.pop_back();
  return FileSpace(std::make_shared<arrow::fs::LocalFileSystem>(), std::move(root), folder);
}

std::string FileSpace::NameOf(std::string_view fs_path) const {
  return storage_ ? cloud_path_.UriOf(fs_path) : std::string(fs_path);
}

Error FileSpace::MapError(const arrow::Status& status, std::string_view fs_path) const {
  if (storage_) return storage_->MapError(status, NameOf(fs_path));
  // The local disk's text names only the path and the system's reason.
  const ErrorCode code = status.message().find("ermission denied") != std::string::npos ? ErrorCode::kAccessDenied
                                                                                        : ErrorCode::kInternal;
  return Error(code, "Local file " + std::string(fs_path) + ": " + status.message());
}

Error FileSpace::Missing(std::string_view fs_path) const {
  if (storage_) {
    cloud::CloudPath path = cloud_path_;
    path.fs_path = std::string(fs_path);
    return storage_->Missing(path);
  }
  return Error(ErrorCode::kPathNotFound, "Not found: " + std::string(fs_path) + " does not exist.");
}

arrow::Status FileSpace::PrepareParent(std::string_view fs_path) const {
  if (storage_) return arrow::Status::OK();
  const std::size_t slash = fs_path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return arrow::Status::OK();
  return fs_->CreateDir(std::string(fs_path.substr(0, slash)), /*recursive=*/true);
}

Result<arrow::fs::FileInfo> FileSpace::Stat() const {
  auto info = fs_->GetFileInfo(root_);
  if (!info.ok()) return MapError(info.status(), root_);
  if (info->type() == arrow::fs::FileType::NotFound) return Missing(root_);
  return *std::move(info);
}

Result<std::vector<arrow::fs::FileInfo>> FileSpace::ListBelow(bool recursive) const {
  arrow::fs::FileSelector selector;
  selector.base_dir = root_;
  selector.recursive = recursive;
  auto listed = fs_->GetFileInfo(selector);
  if (!listed.ok()) return MapError(listed.status(), root_);
  std::vector<arrow::fs::FileInfo> infos;
  for (arrow::fs::FileInfo& info : *listed) {
    if (IsStaging(info.path())) continue;
    if (recursive && info.type() != arrow::fs::FileType::File) continue;
    infos.push_back(std::move(info));
  }
  std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return infos;
}

FileEntry ToFileEntry(const FileSpace& space, const arrow::fs::FileInfo& info) {
  const bool directory = info.type() == arrow::fs::FileType::Directory;
  FileEntry entry{.path = space.NameOf(info.path()) + (directory ? "/" : ""),
                  .is_directory = directory,
                  .size = directory ? 0 : std::max<std::int64_t>(info.size(), 0),
                  .modified_at = 0};
  if (info.mtime() != arrow::fs::kNoTime) {
    entry.modified_at =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.mtime().time_since_epoch()).count();
  }
  return entry;
}

}  // namespace flowfile::io
