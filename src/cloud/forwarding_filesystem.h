// An arrow::fs::FileSystem that forwards every call to another one, for the
// wrappers that change only how calls run (guarded against vendor
// exceptions) or a few of them (small objects read whole). Internal to the
// floors that wrap filesystems (cloud, io).
#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/util/key_value_metadata.h>

#include <memory>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

namespace flowfile::cloud {

// How a forwarding filesystem runs its calls: as they are, and its opened
// streams as the inner filesystem opened them.
struct PlainCalls {
  template <typename Call>
  static auto Run(Call&& call) {
    return std::forward<Call>(call)();
  }
  template <typename Stream>
  static arrow::Result<std::shared_ptr<Stream>> Opened(arrow::Result<std::shared_ptr<Stream>> opened) {
    return opened;
  }
};

// Forwards each call to `inner` through Calls::Run(call), and each opened
// stream through Calls::Opened(stream), which may wrap it. Subclasses
// override the calls they change. type_name() is the inner filesystem's; two
// are Equal when they are of the same class over equal inner filesystems.
// Async variants are left to Arrow's defaults, which call these sync ones on
// the I/O pool (the calls go over the network). Thread safety: that of
// `inner`.
template <typename Calls>
class ForwardingFileSystem : public arrow::fs::FileSystem {
 public:
  using Info = arrow::fs::FileInfo;
  template <typename T>
  using Result = arrow::Result<T>;
  using Status = arrow::Status;
  using Metadata = std::shared_ptr<const arrow::KeyValueMetadata>;

  // `inner` must not be null.
  explicit ForwardingFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner)
      : FileSystem(inner->io_context()), inner_(std::move(inner)) {
    default_async_is_sync_ = false;
  }

  using FileSystem::OpenAppendStream;
  using FileSystem::OpenOutputStream;

  std::string type_name() const override { return inner_->type_name(); }
  bool Equals(const FileSystem& other) const override {
    return typeid(other) == typeid(*this) &&
           inner_->Equals(*static_cast<const ForwardingFileSystem&>(other).inner_);
  }
  Result<std::string> NormalizePath(std::string path) override {
    return Calls::Run([&] { return inner_->NormalizePath(std::move(path)); });
  }
  Result<std::string> PathFromUri(const std::string& uri) const override {
    return Calls::Run([&] { return inner_->PathFromUri(uri); });
  }
  Result<std::string> MakeUri(std::string path) const override {
    return Calls::Run([&] { return inner_->MakeUri(std::move(path)); });
  }

  Result<Info> GetFileInfo(const std::string& path) override {
    return Calls::Run([&] { return inner_->GetFileInfo(path); });
  }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const std::vector<std::string>& paths) override {
    return Calls::Run([&] { return inner_->GetFileInfo(paths); });
  }
  Result<arrow::fs::FileInfoVector> GetFileInfo(const arrow::fs::FileSelector& selector) override {
    return Calls::Run([&] { return inner_->GetFileInfo(selector); });
  }
  Status CreateDir(const std::string& path, bool recursive) override {
    return Calls::Run([&] { return inner_->CreateDir(path, recursive); });
  }
  Status DeleteDir(const std::string& path) override {
    return Calls::Run([&] { return inner_->DeleteDir(path); });
  }
  Status DeleteDirContents(const std::string& path, bool missing_dir_ok) override {
    return Calls::Run([&] { return inner_->DeleteDirContents(path, missing_dir_ok); });
  }
  Status DeleteRootDirContents() override {
    return Calls::Run([&] { return inner_->DeleteRootDirContents(); });
  }
  Status DeleteFile(const std::string& path) override {
    return Calls::Run([&] { return inner_->DeleteFile(path); });
  }
  Status DeleteFiles(const std::vector<std::string>& paths) override {
    return Calls::Run([&] { return inner_->DeleteFiles(paths); });
  }
  Status Move(const std::string& src, const std::string& dest) override {
    return Calls::Run([&] { return inner_->Move(src, dest); });
  }
  Status CopyFile(const std::string& src, const std::string& dest) override {
    return Calls::Run([&] { return inner_->CopyFile(src, dest); });
  }

  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const std::string& path) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenInputStream(path); }));
  }
  Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const Info& info) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenInputStream(info); }));
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const std::string& path) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenInputFile(path); }));
  }
  Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const Info& info) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenInputFile(info); }));
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenOutputStream(const std::string& path,
                                                                    const Metadata& metadata) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenOutputStream(path, metadata); }));
  }
  Result<std::shared_ptr<arrow::io::OutputStream>> OpenAppendStream(const std::string& path,
                                                                    const Metadata& metadata) override {
    return Calls::Opened(Calls::Run([&] { return inner_->OpenAppendStream(path, metadata); }));
  }

 protected:
  const std::shared_ptr<arrow::fs::FileSystem>& inner() const { return inner_; }

 private:
  std::shared_ptr<arrow::fs::FileSystem> inner_;
};

}  // namespace flowfile::cloud
