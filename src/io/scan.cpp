#include "src/io/scan.h"

#include <arrow/dataset/discovery.h>
#include <arrow/dataset/partition.h>

#include <algorithm>

#include "src/io/file_formats.h"
#include "src/io/glob_match.h"
#include "src/io/scan_plan.h"

namespace flowfile::io {
namespace {

bool HasGlob(std::string_view path) { return path.find_first_of("*?[") != std::string_view::npos; }

// The files a request names (a folder's or glob's with the sizes listed, so
// that opening one needs no extra request and small files need no footer
// read up front), and the folder under which hive partition folders are
// read (empty for a single object).
struct Listing {
  std::vector<arrow::fs::FileInfo> files;
  std::string partition_base;
};

void SortByPath(std::vector<arrow::fs::FileInfo>& files) {
  std::sort(files.begin(), files.end(),
            [](const arrow::fs::FileInfo& a, const arrow::fs::FileInfo& b) { return a.path() < b.path(); });
}

// Lists the deepest folder without a wildcard and keeps the files whose
// whole path matches (GlobMatches: '*' stays in one folder, '**' crosses any
// number of them).
Result<Listing> ExpandGlob(const cloud::CloudStorage& storage, const cloud::CloudPath& path) {
  const std::size_t wildcard = path.fs_path.find_first_of("*?[");
  const std::size_t slash = path.fs_path.rfind('/', wildcard);
  if (slash == std::string::npos) {
    return Error(ErrorCode::kInvalidArgument,
                 "Wildcards in the bucket name are not supported: " + path.Uri());
  }
  Listing listing;
  listing.partition_base = path.fs_path.substr(0, slash);
  arrow::fs::FileSelector selector;
  selector.base_dir = listing.partition_base;
  selector.recursive = true;
  auto infos = storage.fs->GetFileInfo(selector);
  if (!infos.ok()) {
    if (infos.status().IsIOError() &&
        infos.status().message().find("Path does not exist") != std::string::npos) {
      return storage.Missing(*storage.Resolve(path.UriOf(listing.partition_base)));
    }
    return storage.MapError(infos.status(), path.UriOf(listing.partition_base));
  }
  for (const arrow::fs::FileInfo& info : *infos) {
    if (info.IsFile() && GlobMatches(path.fs_path, info.path())) {
      listing.files.push_back(info);
    }
  }
  SortByPath(listing.files);
  if (listing.files.empty()) return Error(ErrorCode::kPathNotFound, "No file matches " + path.Uri() + ".");
  return listing;
}

Result<Listing> ListDirectory(const cloud::CloudStorage& storage, const cloud::CloudPath& path) {
  arrow::fs::FileSelector selector;
  selector.base_dir = path.fs_path;
  selector.recursive = true;
  auto infos = storage.fs->GetFileInfo(selector);
  if (!infos.ok()) return storage.MapError(infos.status(), path.Uri());
  Listing listing;
  listing.partition_base = path.fs_path;
  for (const arrow::fs::FileInfo& info : *infos) {
    // Hidden and underscore files (_SUCCESS, .tmp) are not data, as in Spark and Arrow.
    const std::string name = info.base_name();
    if (info.IsFile() && !name.empty() && name[0] != '.' && name[0] != '_') listing.files.push_back(info);
  }
  SortByPath(listing.files);
  if (listing.files.empty()) return Error(ErrorCode::kPathNotFound, "No files under " + path.Uri() + "/.");
  return listing;
}

Result<Listing> List(const cloud::CloudStorage& storage, const cloud::CloudPath& path) {
  if (path.key().empty() && !HasGlob(path.fs_path)) {
    return Error(ErrorCode::kInvalidArgument,
                 "Scan a file, folder or glob inside the bucket, not the bucket itself: " + path.Uri());
  }
  if (HasGlob(path.fs_path)) return ExpandGlob(storage, path);
  auto info = storage.fs->GetFileInfo(path.fs_path);
  if (!info.ok()) return storage.MapError(info.status(), path.Uri());
  switch (info->type()) {
    case arrow::fs::FileType::File:
      // No size: a plan of one object reads whatever the object holds when
      // the plan runs (a folder's plan keeps the files and sizes it listed).
      return Listing{{arrow::fs::FileInfo(path.fs_path, arrow::fs::FileType::File)}, ""};
    case arrow::fs::FileType::Directory:
      return ListDirectory(storage, path);
    default:
      return storage.Missing(path);
  }
}

}  // namespace

Result<LazyFrame> Scan(const cloud::CloudStorage& storage, const ScanRequest& request) {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, storage.Resolve(request.path));
  FLOWFILE_ASSIGN_OR_RETURN(auto format, MakeReadFormat(request.format, request.csv));
  FLOWFILE_ASSIGN_OR_RETURN(Listing listing, List(storage, path));
  arrow::dataset::FileSystemFactoryOptions options;
  if (request.hive_partitioning && !listing.partition_base.empty()) {
    options.partitioning = arrow::dataset::HivePartitioning::MakeFactory();
    options.partition_base_dir = listing.partition_base;
  }
  auto factory = arrow::dataset::FileSystemDatasetFactory::Make(storage.fs, listing.files, format, options);
  if (!factory.ok()) return storage.MapError(factory.status(), path.Uri());
  // The schema is read from the first file; the others must agree with it.
  arrow::dataset::FinishOptions finish;
  finish.inspect_options.fragments = 1;
  auto dataset = (*factory)->Finish(finish);
  if (!dataset.ok()) {
    return storage.MapError(dataset.status(),
                            listing.files.size() == 1 ? path.UriOf(listing.files[0].path()) : path.Uri());
  }
  auto plan = std::make_shared<internal::ScanPlan>();
  plan->storage = storage;
  plan->uri = path.Uri();
  plan->format = request.format;
  plan->file_count = listing.files.size();
  plan->dataset = *std::move(dataset);
  return LazyFrame(std::move(plan));
}

}  // namespace flowfile::io
