#include "src/cloud/table_folders.h"

#include <algorithm>

namespace flowfile::cloud {

bool IsIcebergTableFolder(const CloudStorage& storage, const std::vector<arrow::fs::FileInfo>& listed) {
  const auto metadata = std::find_if(listed.begin(), listed.end(), [](const arrow::fs::FileInfo& info) {
    return info.type() == arrow::fs::FileType::Directory && info.base_name() == "metadata";
  });
  if (metadata == listed.end()) return false;
  arrow::fs::FileSelector selector;
  selector.base_dir = metadata->path();
  auto files = storage.fs->GetFileInfo(selector);
  if (!files.ok()) return false;
  return std::any_of(files->begin(), files->end(), [](const arrow::fs::FileInfo& info) {
    return info.type() == arrow::fs::FileType::File && info.base_name().ends_with(".metadata.json");
  });
}

}  // namespace flowfile::cloud
