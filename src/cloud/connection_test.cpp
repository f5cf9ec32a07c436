#include "src/cloud/connection_test.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "src/cloud/providers.h"
#include "src/cloud/table_folders.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

constexpr int kMaxPageSize = 1000;

std::string RootUri(const CloudStorage& storage) {
  return std::string(ProviderOf(storage.connection.storage_type).root_uri);
}

// Runs the check on its own thread so a silent endpoint cannot hold the
// caller past the time limit; the thread keeps the filesystem alive and
// finishes on its own (the SDK's timeouts end it).
Status RunCheck(const CloudStorage& storage, const std::string& fs_path, const std::string& uri, bool list,
                std::chrono::milliseconds time_limit) {
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> outcome = promise->get_future();
  std::thread([storage, fs_path, uri, list, promise] {
    // Every vendor call below is guarded by the filesystem; this guard is the
    // last line, so the promise is always kept and nothing leaves the thread.
    Status checked = Error(ErrorCode::kInternal, "The connection check failed unexpectedly.");
    const arrow::Status ran = GuardVendorCall([&]() -> arrow::Status {
      if (list) {
        arrow::fs::FileSelector selector;
        selector.base_dir = fs_path;
        auto listed = storage.fs->GetFileInfo(selector);
        checked = listed.ok() ? Status::Ok() : Status(storage.MapError(listed.status(), uri));
        return arrow::Status::OK();
      }
      auto info = storage.fs->GetFileInfo(fs_path);
      if (!info.ok()) {
        checked = storage.MapError(info.status(), uri);
      } else if (info->type() == arrow::fs::FileType::NotFound) {
        // A missing key in an existing bucket and a missing bucket read alike here.
        checked = storage.Missing(*storage.Resolve(uri));
      } else {
        checked = Status::Ok();
      }
      return arrow::Status::OK();
    });
    if (!ran.ok()) checked = storage.MapError(ran, uri);
    promise->set_value(std::move(checked));
  }).detach();
  if (outcome.wait_for(time_limit) != std::future_status::ready) {
    return Error(ErrorCode::kUnavailable, "No answer from " + EndpointForMessages(storage.connection) +
                                              " within " + std::to_string(time_limit.count() / 1000) + " s.");
  }
  return outcome.get();
}

// The token is "d:" or "f:" plus the last path of the previous page, which
// lies in the listed folder: anything else is a token of another listing.
Status CheckPageToken(std::string_view page_token, const CloudPath& base) {
  if (page_token.empty()) return Status::Ok();
  const std::string_view kind = page_token.substr(0, 2);
  const std::string_view last = page_token.substr(std::min<std::size_t>(2, page_token.size()));
  const std::string folder_prefix = base.fs_path.empty() ? "" : base.fs_path + "/";
  if ((kind != "f:" && kind != "d:") || last.empty() || !last.starts_with(folder_prefix)) {
    return InvalidField("page_token", "is not a page token of this listing: start again without one.");
  }
  return Status::Ok();
}

// A page at `base` with no entries yet: its path, parent and whether it is the root.
BrowsePage EmptyPageOf(const CloudStorage& storage, const CloudPath& base) {
  BrowsePage page;
  page.is_root = base.fs_path.empty();
  page.path = page.is_root ? RootUri(storage) : base.Uri();
  if (!page.is_root) {
    const std::size_t slash = base.fs_path.rfind('/');
    page.parent_path = slash == std::string::npos ? RootUri(storage) : base.UriOf(base.fs_path.substr(0, slash));
  }
  return page;
}

}  // namespace

Result<ConnectionTestResult> TestConnection(const CloudStorage& storage, std::string_view path,
                                            std::chrono::milliseconds time_limit) {
  ConnectionTestResult result;
  std::string fs_path;
  std::string uri = RootUri(storage);
  if (!path.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(CloudPath resolved, storage.Resolve(path));
    fs_path = resolved.fs_path;
    uri = resolved.Uri();
  }
  const bool list = fs_path.empty();
  result.check = (list ? "list " : "head ") + uri;
  const Status status = RunCheck(storage, fs_path, uri, list, time_limit);
  result.ok = status.ok();
  if (status.ok()) {
    result.message =
        "Connection '" + storage.connection.connection_name + "' works: " + result.check + " succeeded.";
  } else {
    result.message = storage.masker->Mask(status.error().message());
    result.error_code = std::string(ErrorCodeName(status.error().code()));
    result.remedy = status.error().remedy();
  }
  return result;
}

Result<BrowsePage> Browse(const CloudStorage& storage, std::string_view path, std::string_view page_token,
                          int page_size) {
  CloudPath base;
  base.storage_type = storage.connection.storage_type;
  base.scheme = RootUri(storage).substr(0, RootUri(storage).find(':'));
  if (!path.empty()) {
    FLOWFILE_ASSIGN_OR_RETURN(base, storage.Resolve(path));
  }
  FLOWFILE_RETURN_IF_ERROR(CheckPageToken(page_token, base));
  const bool token_is_file = page_token.substr(0, 2) == "f:";
  const std::string last(page_token.size() > 2 ? page_token.substr(2) : "");
  arrow::fs::FileSelector selector;
  selector.base_dir = base.fs_path;
  auto listed = storage.fs->GetFileInfo(selector);
  if (!listed.ok()) {
    const bool missing = listed.status().message().find("Path does not exist") != std::string::npos;
    if (missing && !base.fs_path.empty()) return storage.Missing(base);
    return storage.MapError(listed.status(), base.Uri());
  }
  std::vector<arrow::fs::FileInfo> infos = *std::move(listed);
  // Directories first, then by path: the order the token continues from.
  auto order = [](const arrow::fs::FileInfo& info) {
    return std::make_pair(info.type() != arrow::fs::FileType::Directory, info.path());
  };
  std::sort(infos.begin(), infos.end(), [&](const auto& a, const auto& b) { return order(a) < order(b); });
  const std::size_t limit = static_cast<std::size_t>(std::clamp(page_size, 1, kMaxPageSize));
  std::size_t start = 0;
  if (!page_token.empty()) {
    const auto after = std::make_pair(token_is_file, last);
    start = static_cast<std::size_t>(
        std::upper_bound(infos.begin(), infos.end(), after,
                         [&](const auto& key, const auto& info) { return key < order(info); }) -
        infos.begin());
  }
  BrowsePage page = EmptyPageOf(storage, base);
  for (std::size_t i = start; i < infos.size() && page.entries.size() < limit; ++i) {
    const arrow::fs::FileInfo& info = infos[i];
    const bool directory = info.type() == arrow::fs::FileType::Directory;
    BrowseEntry entry{base.UriOf(info.path()) + (directory ? "/" : ""),
                      directory,
                      directory ? 0 : std::max<std::int64_t>(info.size(), 0),
                      info.base_name(),
                      page.is_root ? BrowseEntryKind::kContainer
                      : directory  ? BrowseEntryKind::kPrefix
                                   : BrowseEntryKind::kObject,
                      std::nullopt};
    if (!directory && info.mtime() != arrow::fs::kNoTime) {
      entry.modified_unix_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(info.mtime().time_since_epoch()).count();
    }
    page.entries.push_back(std::move(entry));
    if (page.entries.size() == limit && i + 1 < infos.size()) {
      page.next_page_token = std::string(directory ? "d:" : "f:") + info.path();
    }
  }
  page.is_delta_table = std::any_of(infos.begin(), infos.end(), [](const arrow::fs::FileInfo& info) {
    return info.type() == arrow::fs::FileType::Directory && info.base_name() == "_delta_log";
  });
  page.is_iceberg_table = IsIcebergTableFolder(storage, infos);
  return page;
}

}  // namespace flowfile::cloud
