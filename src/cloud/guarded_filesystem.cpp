#include "src/cloud/guarded_filesystem.h"

#include <arrow/buffer.h>
#include <arrow/io/interfaces.h>
#include <arrow/util/key_value_metadata.h>

#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

using arrow::Result;
using arrow::Status;

// Each wrapper forwards one call to the inner object, guarded. Async
// variants are left to Arrow's defaults, which call the guarded sync ones on
// the I/O pool, so no inner call runs outside a guard on another thread.

// What every stream has: closing and position.
template <typename Interface>
class GuardedStream : public Interface {
 public:
  explicit GuardedStream(std::shared_ptr<Interface> inner) : inner_(std::move(inner)) {}

  Status Close() override {
    return GuardVendorCall([&] { return inner_->Close(); });
  }
  Status Abort() override {
    return GuardVendorCall([&] { return inner_->Abort(); });
  }
  Result<int64_t> Tell() const override {
    return GuardVendorCall([&] { return inner_->Tell(); });
  }
  bool closed() const override { return inner_->closed(); }

 protected:
  std::shared_ptr<Interface> inner_;
};

// What every input has: reading from the current position.
template <typename Interface>
class GuardedInput : public GuardedStream<Interface> {
 public:
  using GuardedStream<Interface>::GuardedStream;

  Result<int64_t> Read(int64_t nbytes, void* out) override {
    return GuardVendorCall([&] { return this->inner_->Read(nbytes, out); });
  }
  Result<std::shared_ptr<arrow::Buffer>> Read(int64_t nbytes) override {
    return GuardVendorCall([&] { return this->inner_->Read(nbytes); });
  }
  Result<std::string_view> Peek(int64_t nbytes) override {
    return GuardVendorCall([&] { return this->inner_->Peek(nbytes); });
  }
  bool supports_zero_copy() const override { return this->inner_->supports_zero_copy(); }
  Result<std::shared_ptr<const arrow::KeyValueMetadata>> ReadMetadata() override {
    return GuardVendorCall([&] { return this->inner_->ReadMetadata(); });
  }
  const arrow::io::IOContext& io_context() const override { return this->inner_->io_context(); }
};

using GuardedInputStream = GuardedInput<arrow::io::InputStream>;

class GuardedRandomAccessFile final : public GuardedInput<arrow::io::RandomAccessFile> {
 public:
  using GuardedInput::GuardedInput;

  Status Seek(int64_t position) override {
    return GuardVendorCall([&] { return inner_->Seek(position); });
  }
  Result<int64_t> GetSize() override {
    return GuardVendorCall([&] { return inner_->GetSize(); });
  }
  Result<int64_t> ReadAt(int64_t position, int64_t nbytes, bool allow_short_read, void* out) override {
    return GuardVendorCall([&] { return inner_->ReadAt(position, nbytes, allow_short_read, out); });
  }
  Result<int64_t> ReadAt(int64_t position, int64_t nbytes, void* out) override {
    return GuardVendorCall([&] { return inner_->ReadAt(position, nbytes, out); });
  }
  Result<std::shared_ptr<arrow::Buffer>> ReadAt(int64_t position, int64_t nbytes, bool allow_short_read) override {
    return GuardVendorCall([&] { return inner_->ReadAt(position, nbytes, allow_short_read); });
  }
  Result<std::shared_ptr<arrow::Buffer>> ReadAt(int64_t position, int64_t nbytes) override {
    return GuardVendorCall([&] { return inner_->ReadAt(position, nbytes); });
  }
  Status WillNeed(const std::vector<arrow::io::ReadRange>& ranges) override {
    return GuardVendorCall([&] { return inner_->WillNeed(ranges); });
  }
};

class GuardedOutputStream final : public GuardedStream<arrow::io::OutputStream> {
 public:
  using GuardedStream::GuardedStream;

  Status Write(const void* data, int64_t nbytes) override {
    return GuardVendorCall([&] { return inner_->Write(data, nbytes); });
  }
  Status Write(const std::shared_ptr<arrow::Buffer>& data) override {
    return GuardVendorCall([&] { return inner_->Write(data); });
  }
  Status Flush() override {
    return GuardVendorCall([&] { return inner_->Flush(); });
  }
};

template <typename Guarded, typename Stream>
Result<std::shared_ptr<Stream>> Wrap(Result<std::shared_ptr<Stream>> opened) {
  if (!opened.ok()) return opened.status();
  return std::shared_ptr<Stream>(std::make_shared<Guarded>(*std::move(opened)));
}

class GuardedFileSystem final : public arrow::fs::FileSystem {
 public:
  explicit GuardedFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner)
      : FileSystem(inner->io_context()), inner_(std::move(inner)) {
    // Metadata calls go over the network: let the async defaults use the pool.
    default_async_is_sync_ = false;
  }

  using FileSystem::OpenAppendStream;
  using FileSystem::OpenOutputStream;

  std::string type_name() const override { return inner_->type_name(); }
  bool Equals(const FileSystem& other) const override {
    const auto* guarded = dynamic_cast<const GuardedFileSystem*>(&other);
    return guarded != nullptr && inner_->Equals(*guarded->inner_);
  }
  Result<std::string> NormalizePath(std::string path) override {
    return GuardVendorCall([&] { return inner_->NormalizePath(std::move(path)); });
  }
  Result<std::string> PathFromUri(const std::string& uri) const override {
    return GuardVendorCall([&] { return inner_->PathFromUri(uri); });
  }
  Result<std::string> MakeUri(std::string path) const override {
    return GuardVendorCall([&] { return inner_->MakeUri(std::move(path)); });
  }

  Result<arrow::fs::FileInfo> GetFileInfo(const std::string& path) override {
    return GuardVendorCall([&] { return inner_->GetFileInfo(path); });
  }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const std::vector<std::string>& paths) override {
    return GuardVendorCall([&] { return inner_->GetFileInfo(paths); });
  }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const arrow::fs::FileSelector& selector) override {
    return GuardVendorCall([&] { return inner_->GetFileInfo(selector); });
  }
  Status CreateDir(const std::string& path, bool recursive) override {
    return GuardVendorCall([&] { return inner_->CreateDir(path, recursive); });
  }
  Status DeleteDir(const std::string& path) override {
    return GuardVendorCall([&] { return inner_->DeleteDir(path); });
  }
  Status DeleteDirContents(const std::string& path, bool missing_dir_ok) override {
    return GuardVendorCall([&] { return inner_->DeleteDirContents(path, missing_dir_ok); });
  }
  Status DeleteRootDirContents() override {
    return GuardVendorCall([&] { return inner_->DeleteRootDirContents(); });
  }
  Status DeleteFile(const std::string& path) override {
    return GuardVendorCall([&] { return inner_->DeleteFile(path); });
  }
  Status DeleteFiles(const std::vector<std::string>& paths) override {
    return GuardVendorCall([&] { return inner_->DeleteFiles(paths); });
  }
  Status Move(const std::string& src, const std::string& dest) override {
    return GuardVendorCall([&] { return inner_->Move(src, dest); });
  }
  Status CopyFile(const std::string& src, const std::string& dest) override {
    return GuardVendorCall([&] { return inner_->CopyFile(src, dest); });
  }

  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const std::string& path) override {
    return Wrap<GuardedInputStream>(GuardVendorCall([&] { return inner_->OpenInputStream(path); }));
  }
  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const arrow::fs::FileInfo& info) override {
    return Wrap<GuardedInputStream>(GuardVendorCall([&] { return inner_->OpenInputStream(info); }));
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const std::string& path) override {
    return Wrap<GuardedRandomAccessFile>(GuardVendorCall([&] { return inner_->OpenInputFile(path); }));
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const arrow::fs::FileInfo& info) override {
    return Wrap<GuardedRandomAccessFile>(GuardVendorCall([&] { return inner_->OpenInputFile(info); }));
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenOutputStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return Wrap<GuardedOutputStream>(GuardVendorCall([&] { return inner_->OpenOutputStream(path, metadata); }));
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenAppendStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return Wrap<GuardedOutputStream>(GuardVendorCall([&] { return inner_->OpenAppendStream(path, metadata); }));
  }

 private:
  std::shared_ptr<arrow::fs::FileSystem> inner_;
};

}  // namespace

std::shared_ptr<arrow::fs::FileSystem> GuardFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner) {
  return std::make_shared<GuardedFileSystem>(std::move(inner));
}

}  // namespace flowfile::cloud
