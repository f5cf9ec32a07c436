#include "src/io/whole_objects.h"

#include <arrow/buffer.h>
#include <arrow/io/memory.h>
#include <arrow/util/key_value_metadata.h>

#include <optional>

#include "src/core/mutex.h"

namespace flowfile::io {
namespace {

using arrow::Result;
using arrow::Status;

bool SameObject(const arrow::fs::FileInfo& a, const arrow::fs::FileInfo& b) {
  return a.path() == b.path() && a.size() == b.size() && a.mtime() == b.mtime();
}

class WholeObjectFileSystem final : public arrow::fs::FileSystem {
 public:
  explicit WholeObjectFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner)
      : FileSystem(inner->io_context()), inner_(std::move(inner)) {
    // Opens go over the network: let Arrow's async defaults run them on the I/O pool.
    default_async_is_sync_ = false;
  }

  using FileSystem::OpenAppendStream;
  using FileSystem::OpenOutputStream;

  std::string type_name() const override { return inner_->type_name(); }
  bool Equals(const FileSystem& other) const override {
    const auto* whole = dynamic_cast<const WholeObjectFileSystem*>(&other);
    return whole != nullptr && inner_->Equals(*whole->inner_);
  }
  Result<std::string> NormalizePath(std::string path) override { return inner_->NormalizePath(std::move(path)); }
  Result<std::string> PathFromUri(const std::string& uri) const override { return inner_->PathFromUri(uri); }
  Result<std::string> MakeUri(std::string path) const override { return inner_->MakeUri(std::move(path)); }

  Result<arrow::fs::FileInfo> GetFileInfo(const std::string& path) override { return inner_->GetFileInfo(path); }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const std::vector<std::string>& paths) override {
    return inner_->GetFileInfo(paths);
  }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const arrow::fs::FileSelector& selector) override {
    return inner_->GetFileInfo(selector);
  }
  Status CreateDir(const std::string& path, bool recursive) override { return inner_->CreateDir(path, recursive); }
  Status DeleteDir(const std::string& path) override { return inner_->DeleteDir(path); }
  Status DeleteDirContents(const std::string& path, bool missing_dir_ok) override {
    return inner_->DeleteDirContents(path, missing_dir_ok);
  }
  Status DeleteRootDirContents() override { return inner_->DeleteRootDirContents(); }
  Status DeleteFile(const std::string& path) override { return inner_->DeleteFile(path); }
  Status DeleteFiles(const std::vector<std::string>& paths) override { return inner_->DeleteFiles(paths); }
  Status Move(const std::string& src, const std::string& dest) override { return inner_->Move(src, dest); }
  Status CopyFile(const std::string& src, const std::string& dest) override { return inner_->CopyFile(src, dest); }

  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const std::string& path) override {
    return inner_->OpenInputStream(path);
  }
  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const arrow::fs::FileInfo& info) override {
    return inner_->OpenInputStream(info);
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const std::string& path) override {
    return inner_->OpenInputFile(path);
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const arrow::fs::FileInfo& info) override {
    if (info.size() <= 0 || info.size() > kWholeObjectBytes) return inner_->OpenInputFile(info);
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> whole, Fetch(info));
    return std::make_shared<arrow::io::BufferReader>(std::move(whole));
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenOutputStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return inner_->OpenOutputStream(path, metadata);
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenAppendStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return inner_->OpenAppendStream(path, metadata);
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
    ARROW_ASSIGN_OR_RAISE(auto file, inner_->OpenInputFile(info));
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> bytes, file->ReadAt(0, info.size()));
    ARROW_RETURN_NOT_OK(file->Close());
    MutexLock lock(mutex_);
    if (!kept_any_) {
      kept_any_ = true;
      kept_ = Kept{info, bytes};
    }
    return bytes;
  }

  std::shared_ptr<arrow::fs::FileSystem> inner_;
  Mutex mutex_;
  bool kept_any_ FLOWFILE_GUARDED_BY(mutex_) = false;
  std::optional<Kept> kept_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace

std::shared_ptr<arrow::fs::FileSystem> ReadSmallObjectsWhole(std::shared_ptr<arrow::fs::FileSystem> inner) {
  return std::make_shared<WholeObjectFileSystem>(std::move(inner));
}

}  // namespace flowfile::io
