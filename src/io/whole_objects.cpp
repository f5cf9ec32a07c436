#include "src/io/whole_objects.h"

#include <arrow/buffer.h>
#include <arrow/io/memory.h>
#include <arrow/util/key_value_metadata.h>

#include <optional>

#include "src/cloud/forwarding_filesystem.h"
#include "src/core/mutex.h"

namespace flowfile::io {
namespace {

using arrow::Result;
using arrow::Status;

bool SameObject(const arrow::fs::FileInfo& a, const arrow::fs::FileInfo& b) {
  return a.path() == b.path() && a.size() == b.size() && a.mtime() == b.mtime();
}

// Forwards every call to the inner filesystem but for opening a small file
// of known size.
class WholeObjectFileSystem final : public cloud::ForwardingFileSystem<cloud::PlainCalls> {
 public:
  using ForwardingFileSystem::ForwardingFileSystem;
  using ForwardingFileSystem::OpenInputFile;

  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const arrow::fs::FileInfo& info) override {
    if (info.size() <= 0 || info.size() > kWholeObjectBytes) return inner()->OpenInputFile(info);
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> whole, Fetch(info));
    return std::make_shared<arrow::io::BufferReader>(std::move(whole));
  }

 private:
  struct Kept {
    arrow::fs::FileInfo info;
    std::shared_ptr<arrow::Buffer> bytes;
  };

  // The object's bytes: the kept copy (handed out once), else one GET of
  // the whole object (kept if it is the first).
  Result<std::shared_ptr<arrow::Buffer>> Fetch(const arrow::fs::FileInfo& info) {
    {
      MutexLock lock(mutex_);
      if (kept_ && SameObject(kept_->info, info)) {
        std::shared_ptr<arrow::Buffer> bytes = std::move(kept_->bytes);
        kept_.reset();
        return bytes;
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto file, inner()->OpenInputFile(info));
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> bytes, file->ReadAt(0, info.size()));
    ARROW_RETURN_NOT_OK(file->Close());
    MutexLock lock(mutex_);
    if (!kept_any_) {
      kept_any_ = true;
      kept_ = Kept{info, bytes};
    }
    return bytes;
  }

  Mutex mutex_;
  bool kept_any_ FLOWFILE_GUARDED_BY(mutex_) = false;
  std::optional<Kept> kept_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace

std::shared_ptr<arrow::fs::FileSystem> ReadSmallObjectsWhole(std::shared_ptr<arrow::fs::FileSystem> inner) {
  return std::make_shared<WholeObjectFileSystem>(std::move(inner));
}

}  // namespace flowfile::io
