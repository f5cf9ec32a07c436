#include "src/io/copy.h"

#include <arrow/buffer.h>
#include <arrow/io/interfaces.h>

#include <chrono>

#include "src/io/atomic_output.h"

namespace flowfile::io {
namespace {

struct PlannedFile {
  arrow::fs::FileInfo source;
  std::string target;  // a path of the destination's filesystem
};

std::string BaseName(const std::string& fs_path) { return fs_path.substr(fs_path.rfind('/') + 1); }

std::string Join(const std::string& folder, std::string_view name) {
  if (folder.empty() || folder.ends_with('/')) return folder + std::string(name);
  return folder + "/" + std::string(name);
}

// Where each file goes. A single file lands on `to` itself unless `to` is a
// folder; a folder's files keep their paths relative to it.
Result<std::vector<PlannedFile>> Plan(const FileSpace& from, const FileSpace& to, bool recursive) {
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::FileInfo source, from.Stat());
  std::vector<PlannedFile> plan;
  if (source.type() == arrow::fs::FileType::File) {
    bool into_folder = to.names_folder();
    if (!into_folder) {
      auto target = to.fs()->GetFileInfo(to.root());
      into_folder = target.ok() && target->type() == arrow::fs::FileType::Directory;
    }
    std::string target = into_folder ? Join(to.root(), BaseName(source.path())) : to.root();
    plan.push_back({std::move(source), std::move(target)});
    return plan;
  }
  if (!recursive) {
    return Error(ErrorCode::kInvalidArgument,
                 from.NameOf(from.root()) + " is a folder: copy it recursively (--recursive) or name one file.",
                 "recursive");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<arrow::fs::FileInfo> files, from.ListBelow(/*recursive=*/true));
  const std::string prefix = from.root().empty() ? "" : from.root() + "/";
  for (arrow::fs::FileInfo& file : files) {
    std::string relative = file.path().substr(prefix.size());
    plan.push_back({std::move(file), Join(to.root(), relative)});
  }
  return plan;
}

class Copier {
 public:
  Copier(const FileSpace& from, const FileSpace& to, const CopyProgressCallback& progress, CopyProgress& state)
      : from_(from), to_(to), progress_(progress), state_(state) {}

  Status CopyOne(const PlannedFile& file) {
    current_ = to_.NameOf(file.target);
    state_.current = current_;
    if (!to_.is_local() && from_.fs() == to_.fs()) {
      // One connection: the storage copies it server-side, whole or not at all.
      if (arrow::Status copied = from_.fs()->CopyFile(file.source.path(), file.target); !copied.ok()) {
        return to_.MapError(copied, file.target);
      }
      Advance(file.source.size());
      return Status::Ok();
    }
    return Stream(file);
  }

 private:
  Status Stream(const PlannedFile& file) {
    auto input = from_.fs()->OpenInputStream(file.source);  // the listed size: no extra request
    if (!input.ok()) return from_.MapError(input.status(), file.source.path());
    if (arrow::Status ready = to_.PrepareParent(file.target); !ready.ok()) return to_.MapError(ready, file.target);
    auto opened = AtomicOutput::Open(to_.fs(), file.target);
    if (!opened.ok()) return to_.MapError(opened.status(), file.target);
    AtomicOutput output = *std::move(opened);
    while (true) {
      auto chunk = (*input)->Read(kCopyChunkBytes);
      if (!chunk.ok()) {
        output.Abandon();
        return from_.MapError(chunk.status(), file.source.path());
      }
      if ((*chunk)->size() == 0) break;
      if (arrow::Status written = output.stream()->Write(*chunk); !written.ok()) {
        output.Abandon();
        return to_.MapError(written, file.target);
      }
      Advance((*chunk)->size());
    }
    (void)(*input)->Close();
    if (arrow::Status committed = output.Commit(); !committed.ok()) {
      output.Abandon();
      return to_.MapError(committed, file.target);
    }
    return Status::Ok();
  }

  void Advance(std::int64_t bytes) {
    state_.bytes_done += bytes;
    if (progress_) progress_(state_);
  }

  const FileSpace& from_;
  const FileSpace& to_;
  const CopyProgressCallback& progress_;
  CopyProgress& state_;
  std::string current_;  // what state_.current names
};

}  // namespace

Result<CopyResult> Copy(const FileSpace& from, const FileSpace& to, const CopyOptions& options,
                        const CopyProgressCallback& progress) {
  const auto started = std::chrono::steady_clock::now();
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<PlannedFile> plan, Plan(from, to, options.recursive));
  CopyResult result;
  CopyProgress state;
  state.files_total = plan.size();
  for (const PlannedFile& file : plan) {
    const std::int64_t size = std::max<std::int64_t>(file.source.size(), 0);
    result.items.push_back({from.NameOf(file.source.path()), to.NameOf(file.target), size});
    state.bytes_total += size;
  }
  if (!options.dry_run) {
    Copier copier(from, to, progress, state);
    for (const PlannedFile& file : plan) {
      FLOWFILE_RETURN_IF_ERROR(copier.CopyOne(file));
      ++state.files_done;
      if (progress) progress(state);
    }
    result.bytes = state.bytes_done;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace flowfile::io
