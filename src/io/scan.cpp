#include "src/io/scan.h"

#include <arrow/dataset/discovery.h>
#include <arrow/dataset/partition.h>

#include <algorithm>

#include "src/io/delta_table.h"
#include "src/io/file_formats.h"
#include "src/io/glob_match.h"
#include "src/io/iceberg_table.h"
#include "src/io/scan_plan.h"
#include "src/io/whole_objects.h"

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
    return Error(ErrorCode::kInvalidArgument, "Wildcards in the bucket name are not supported: " + path.Uri());
  }
  Listing listing;
  listing.partition_base = path.fs_path.substr(0, slash);
  arrow::fs::FileSelector selector;
  selector.base_dir = listing.partition_base;
  selector.recursive = true;
  auto infos = storage.fs->GetFileInfo(selector);
  if (!infos.ok()) {
    if (infos.status().IsIOError() && infos.status().message().find("Path does not exist") != std::string::npos) {
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

// `folder` (the URI ends with '/'): list it without first asking whether an
// object of that name exists, a HEAD and a listing saved.
Result<Listing> List(const cloud::CloudStorage& storage, const cloud::CloudPath& path, bool folder) {
  if (path.key().empty() && !HasGlob(path.fs_path)) {
    return Error(ErrorCode::kInvalidArgument,
                 "Scan a file, folder or glob inside the bucket, not the bucket itself: " + path.Uri());
  }
  if (HasGlob(path.fs_path)) return ExpandGlob(storage, path);
  if (folder) return ListDirectory(storage, path);
  auto info = storage.fs->GetFileInfo(path.fs_path);
  if (!info.ok()) return storage.MapError(info.status(), path.Uri());
  switch (info->type()) {
    case arrow::fs::FileType::File:
      // With the size the HEAD gave, so opening it asks no second time; a
      // plan of one object checks it again when it runs (CurrentDataset).
      return Listing{{*std::move(info)}, ""};
    case arrow::fs::FileType::Directory:
      return ListDirectory(storage, path);
    default:
      return storage.Missing(path);
  }
}

// The dataset with its schema. Parquet: the first file's footer is read
// through its own fragment, which keeps it, so neither the row-group split
// nor the scan of that file reads the footer a second time (Arrow's
// Inspect reads it and drops it).
arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> Discover(arrow::dataset::DatasetFactory& factory,
                                                                 FileFormat format) {
  arrow::dataset::FinishOptions finish;
  finish.inspect_options.fragments = format == FileFormat::kParquet ? 0 : 1;
  ARROW_ASSIGN_OR_RAISE(auto dataset, factory.Finish(finish));
  auto files = std::dynamic_pointer_cast<arrow::dataset::FileSystemDataset>(dataset);
  if (format != FileFormat::kParquet || files == nullptr) return dataset;
  ARROW_ASSIGN_OR_RAISE(auto iterator, files->GetFragments());
  ARROW_ASSIGN_OR_RAISE(auto fragments, iterator.ToVector());
  if (fragments.empty()) return dataset;
  ARROW_ASSIGN_OR_RAISE(auto physical, fragments[0]->ReadPhysicalSchema());
  // Finish saw no file, so its schema holds only the partition fields.
  ARROW_ASSIGN_OR_RAISE(auto schema, arrow::UnifySchemas({physical, dataset->schema()}));
  std::vector<std::shared_ptr<arrow::dataset::FileFragment>> kept;
  kept.reserve(fragments.size());
  for (auto& fragment : fragments)
    kept.push_back(std::static_pointer_cast<arrow::dataset::FileFragment>(fragment));
  ARROW_ASSIGN_OR_RAISE(auto whole, arrow::dataset::FileSystemDataset::Make(
                                        std::move(schema), files->partition_expression(), files->format(),
                                        files->filesystem(), std::move(kept), files->partitioning()));
  return std::static_pointer_cast<arrow::dataset::Dataset>(std::move(whole));
}

}  // namespace

Result<std::shared_ptr<arrow::dataset::Dataset>> CurrentDataset(const internal::ScanPlan& plan) {
  if (!plan.object) return plan.dataset;
  auto now = plan.storage.fs->GetFileInfo(plan.object->path());
  if (!now.ok()) return plan.storage.MapError(now.status(), plan.uri);
  if (now->type() != arrow::fs::FileType::File) return plan.storage.Missing(*plan.storage.Resolve(plan.uri));
  if (now->size() == plan.object->size() && now->mtime() == plan.object->mtime()) return plan.dataset;
  // Replaced since it was planned: read what it holds now, footer included.
  auto files = std::dynamic_pointer_cast<arrow::dataset::FileSystemDataset>(plan.dataset);
  if (files == nullptr) return Error(ErrorCode::kInternal, "A plan of one object holds no file dataset.");
  auto fragment = files->format()->MakeFragment(arrow::dataset::FileSource(*now, files->filesystem()));
  if (!fragment.ok()) return plan.storage.MapError(fragment.status(), plan.uri);
  std::vector<std::shared_ptr<arrow::dataset::FileFragment>> fragments{*std::move(fragment)};
  auto fresh = arrow::dataset::FileSystemDataset::Make(plan.dataset->schema(), arrow::compute::literal(true),
                                                       files->format(), files->filesystem(), std::move(fragments));
  if (!fresh.ok()) return plan.storage.MapError(fresh.status(), plan.uri);
  return std::static_pointer_cast<arrow::dataset::Dataset>(*std::move(fresh));
}

Result<LazyFrame> Scan(const cloud::CloudStorage& storage, const ScanRequest& request) {
  if (request.format == FileFormat::kIceberg) return ScanIcebergTable(storage, request);
  if (request.snapshot_id) {
    return Error(ErrorCode::kInvalidArgument,
                 "snapshot_id applies to Iceberg tables only: use file_format 'iceberg'.", "snapshot_id");
  }
  if (request.format == FileFormat::kDelta) return ScanDeltaTable(storage, request);
  for (const auto& [given, field] :
       {std::pair{request.version.has_value(), "version"}, std::pair{request.timestamp.has_value(), "timestamp"},
        std::pair{request.changes_since || request.changes_since_timestamp, "changes_since"}}) {
    if (given) {
      return Error(ErrorCode::kInvalidArgument,
                   std::string(field) + " applies to Delta tables only: use file_format 'delta'.", field);
    }
  }
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, storage.Resolve(request.path));
  FLOWFILE_ASSIGN_OR_RETURN(auto format, MakeReadFormat(request.format, request.csv));
  FLOWFILE_ASSIGN_OR_RETURN(Listing listing, List(storage, path, request.path.ends_with('/')));
  arrow::dataset::FileSystemFactoryOptions options;
  if (request.hive_partitioning && !listing.partition_base.empty()) {
    options.partitioning = arrow::dataset::HivePartitioning::MakeFactory();
    options.partition_base_dir = listing.partition_base;
  }
  // Small files are fetched whole, footer and data in one GET (whole_objects.h).
  auto factory = arrow::dataset::FileSystemDatasetFactory::Make(ReadSmallObjectsWhole(storage.fs), listing.files,
                                                                format, options);
  if (!factory.ok()) return storage.MapError(factory.status(), path.Uri());
  // The schema is read from the first file; the others must agree with it.
  auto dataset = Discover(**factory, request.format);
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
  if (listing.partition_base.empty()) plan->object = listing.files[0];
  return LazyFrame(std::move(plan));
}

}  // namespace flowfile::io
