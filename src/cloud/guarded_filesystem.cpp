#include "src/cloud/guarded_filesystem.h"

#include <arrow/buffer.h>
#include <arrow/io/interfaces.h>
#include <arrow/util/key_value_metadata.h>

#include <utility>

#include "src/cloud/forwarding_filesystem.h"
#include "src/cloud/vendor_call.h"

namespace flowfile::cloud {
namespace {

using arrow::Result;
using arrow::Status;

// Each stream wrapper forwards one call to the inner stream, guarded. Async
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

// Every call inside GuardVendorCall; every opened stream guarded too.
struct GuardedCalls {
  template <typename Call>
  static auto Run(Call&& call) {
    return GuardVendorCall(std::forward<Call>(call));
  }
  static Result<std::shared_ptr<arrow::io::InputStream>> Opened(
      Result<std::shared_ptr<arrow::io::InputStream>> opened) {
    return Wrap<GuardedInputStream>(std::move(opened));
  }
  static Result<std::shared_ptr<arrow::io::RandomAccessFile>> Opened(
      Result<std::shared_ptr<arrow::io::RandomAccessFile>> opened) {
    return Wrap<GuardedRandomAccessFile>(std::move(opened));
  }
  static Result<std::shared_ptr<arrow::io::OutputStream>> Opened(
      Result<std::shared_ptr<arrow::io::OutputStream>> opened) {
    return Wrap<GuardedOutputStream>(std::move(opened));
  }
};

class GuardedFileSystem final : public ForwardingFileSystem<GuardedCalls> {
 public:
  using ForwardingFileSystem::ForwardingFileSystem;
};

}  // namespace

std::shared_ptr<arrow::fs::FileSystem> GuardFileSystem(std::shared_ptr<arrow::fs::FileSystem> inner) {
  return std::make_shared<GuardedFileSystem>(std::move(inner));
}

}  // namespace flowfile::cloud
