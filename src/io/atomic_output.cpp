#include "src/io/atomic_output.h"

#include <cstdio>
#include <random>

namespace flowfile::io {
namespace {

// Azure accounts without a hierarchical namespace cannot rename: there a
// server-side copy makes the object appear whole, then the staging copy goes.
arrow::Status MoveIntoPlace(arrow::fs::FileSystem& fs, const std::string& staging, const std::string& target) {
  arrow::Status moved = fs.Move(staging, target);
  if (!moved.IsNotImplemented()) return moved;
  ARROW_RETURN_NOT_OK(fs.CopyFile(staging, target));
  return fs.DeleteFile(staging);
}

}  // namespace

std::string RandomUuid() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  const std::uint64_t high = (generator() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  const std::uint64_t low = (generator() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;   // variant 1
  char text[37];
  std::snprintf(
      text, sizeof(text), "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(high >> 32),
      static_cast<unsigned long long>((high >> 16) & 0xFFFF), static_cast<unsigned long long>(high & 0xFFFF),
      static_cast<unsigned long long>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

arrow::Result<AtomicOutput> AtomicOutput::Open(std::shared_ptr<arrow::fs::FileSystem> fs, std::string target) {
  const bool direct = fs->type_name() == "s3";
  const std::size_t slash = target.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  std::string staging = direct ? target : folder + std::string(kStagingPrefix) + RandomUuid();
  ARROW_ASSIGN_OR_RAISE(auto stream, fs->OpenOutputStream(staging));
  return AtomicOutput(std::move(fs), std::move(target), std::move(staging), std::move(stream));
}

arrow::Status AtomicOutput::Commit() {
  ARROW_RETURN_NOT_OK(stream_->Close());
  if (direct()) return arrow::Status::OK();
  return MoveIntoPlace(*fs_, staging_, target_);
}

void AtomicOutput::Abandon() {
  (void)stream_->Abort();  // S3: aborts the multipart upload, so no object appears
  if (!direct()) (void)fs_->DeleteFile(staging_);
}

}  // namespace flowfile::io
