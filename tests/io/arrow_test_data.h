// Arrow tables, streams and a byte-counting filesystem for the io tests.
#pragma once

#include <arrow/api.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/io/interfaces.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "flowfile/data.h"

namespace flowfile::testing_support {

// id (sorted int64), name (string), value (double), flag (bool); `first_id` offsets ids.
inline std::shared_ptr<arrow::Table> SampleTable(std::int64_t rows, std::int64_t first_id = 0) {
  arrow::Int64Builder ids;
  arrow::StringBuilder names;
  arrow::DoubleBuilder values;
  arrow::BooleanBuilder flags;
  for (std::int64_t i = 0; i < rows; ++i) {
    (void)ids.Append(first_id + i);
    (void)names.Append("name-" + std::to_string(first_id + i) + (i % 7 == 0 ? " \"quoted\", comma" : ""));
    (void)values.Append(static_cast<double>(first_id + i) * 0.5);
    (void)flags.Append(i % 3 == 0);
  }
  auto schema = arrow::schema({arrow::field("id", arrow::int64()), arrow::field("name", arrow::utf8()),
                               arrow::field("value", arrow::float64()), arrow::field("flag", arrow::boolean())});
  return arrow::Table::Make(schema, {*ids.Finish(), *names.Finish(), *values.Finish(), *flags.Finish()});
}

// Exports `table` as a C stream of batches of at most `batch_rows` rows.
inline void ExportTable(const std::shared_ptr<arrow::Table>& table, ArrowArrayStream* out,
                        std::int64_t batch_rows = 64 * 1024) {
  auto reader = std::make_shared<arrow::TableBatchReader>(table);
  reader->set_chunksize(batch_rows);
  ASSERT_TRUE(arrow::ExportRecordBatchReader(reader, out).ok());
}

// Runs a frame and collects its batches into one table (nullptr on failure).
inline std::shared_ptr<arrow::Table> ReadAll(const LazyFrame& frame) {
  ArrowArrayStream stream;
  const Status status = frame.ExportStream(&stream);
  if (!status.ok()) {
    ADD_FAILURE() << status.error().message();
    return nullptr;
  }
  auto reader = arrow::ImportRecordBatchReader(&stream);
  if (!reader.ok()) {
    ADD_FAILURE() << reader.status().ToString();
    return nullptr;
  }
  auto table = (*reader)->ToTable();
  if (!table.ok()) {
    ADD_FAILURE() << table.status().ToString();
    return nullptr;
  }
  return *(*table)->CombineChunks();
}

// Counts the bytes read through every file opened for random access: how
// much of an object a scan actually fetched.
class CountingFileSystem : public arrow::fs::FileSystem {
 public:
  explicit CountingFileSystem(std::shared_ptr<arrow::fs::FileSystem> base) : base_(std::move(base)) {}

  std::int64_t bytes_read() const { return bytes_read_->load(); }
  // Files opened without a known size, which costs the store an extra request.
  std::int64_t unsized_opens() const { return unsized_opens_->load(); }
  void Reset() {
    bytes_read_->store(0);
    unsized_opens_->store(0);
  }

  std::string type_name() const override { return base_->type_name(); }
  bool Equals(const FileSystem& other) const override { return this == &other; }
  arrow::Result<arrow::fs::FileInfo> GetFileInfo(const std::string& path) override {
    return base_->GetFileInfo(path);
  }
  arrow::Result<std::vector<arrow::fs::FileInfo>> GetFileInfo(const arrow::fs::FileSelector& select) override {
    return base_->GetFileInfo(select);
  }
  arrow::Status CreateDir(const std::string& path, bool recursive) override {
    return base_->CreateDir(path, recursive);
  }
  arrow::Status DeleteDir(const std::string& path) override { return base_->DeleteDir(path); }
  arrow::Status DeleteDirContents(const std::string& path, bool missing_dir_ok) override {
    return base_->DeleteDirContents(path, missing_dir_ok);
  }
  arrow::Status DeleteRootDirContents() override { return base_->DeleteRootDirContents(); }
  arrow::Status DeleteFile(const std::string& path) override { return base_->DeleteFile(path); }
  arrow::Status Move(const std::string& src, const std::string& dest) override { return base_->Move(src, dest); }
  arrow::Status CopyFile(const std::string& src, const std::string& dest) override {
    return base_->CopyFile(src, dest);
  }
  arrow::Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(const std::string& path) override {
    return base_->OpenInputStream(path);
  }
  arrow::Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(const std::string& path) override {
    ++*unsized_opens_;
    ARROW_ASSIGN_OR_RAISE(auto file, base_->OpenInputFile(path));
    return std::make_shared<CountingFile>(std::move(file), bytes_read_);
  }
  arrow::Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(
      const arrow::fs::FileInfo& info) override {
    if (info.size() < 0) ++*unsized_opens_;
    ARROW_ASSIGN_OR_RAISE(auto file, base_->OpenInputFile(info));
    return std::make_shared<CountingFile>(std::move(file), bytes_read_);
  }
  arrow::Result<std::shared_ptr<arrow::io::OutputStream>> OpenOutputStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return base_->OpenOutputStream(path, metadata);
  }
  arrow::Result<std::shared_ptr<arrow::io::OutputStream>> OpenAppendStream(
      const std::string& path, const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    return base_->OpenAppendStream(path, metadata);
  }

 private:
  class CountingFile : public arrow::io::RandomAccessFile {
   public:
    CountingFile(std::shared_ptr<arrow::io::RandomAccessFile> file,
                 std::shared_ptr<std::atomic<std::int64_t>> count)
        : file_(std::move(file)), count_(std::move(count)) {}
    arrow::Status Close() override { return file_->Close(); }
    bool closed() const override { return file_->closed(); }
    arrow::Result<std::int64_t> Tell() const override { return file_->Tell(); }
    arrow::Status Seek(std::int64_t position) override { return file_->Seek(position); }
    arrow::Result<std::int64_t> GetSize() override { return file_->GetSize(); }
    arrow::Result<std::int64_t> Read(std::int64_t nbytes, void* out) override {
      ARROW_ASSIGN_OR_RAISE(auto n, file_->Read(nbytes, out));
      *count_ += n;
      return n;
    }
    arrow::Result<std::shared_ptr<arrow::Buffer>> Read(std::int64_t nbytes) override {
      ARROW_ASSIGN_OR_RAISE(auto buffer, file_->Read(nbytes));
      *count_ += buffer->size();
      return buffer;
    }
    arrow::Result<std::int64_t> ReadAt(std::int64_t position, std::int64_t nbytes, void* out) override {
      ARROW_ASSIGN_OR_RAISE(auto n, file_->ReadAt(position, nbytes, out));
      *count_ += n;
      return n;
    }
    arrow::Result<std::shared_ptr<arrow::Buffer>> ReadAt(std::int64_t position, std::int64_t nbytes) override {
      ARROW_ASSIGN_OR_RAISE(auto buffer, file_->ReadAt(position, nbytes));
      *count_ += buffer->size();
      return buffer;
    }

   private:
    std::shared_ptr<arrow::io::RandomAccessFile> file_;
    std::shared_ptr<std::atomic<std::int64_t>> count_;
  };

  std::shared_ptr<arrow::fs::FileSystem> base_;
  std::shared_ptr<std::atomic<std::int64_t>> bytes_read_ = std::make_shared<std::atomic<std::int64_t>>(0);
  std::shared_ptr<std::atomic<std::int64_t>> unsized_opens_ = std::make_shared<std::atomic<std::int64_t>>(0);
};

}  // namespace flowfile::testing_support
