// An object written so that nothing partial is ever visible at its target.
//
// On S3 the object is written with a multipart upload that completes only on
// Commit and is aborted on Abandon (S3 shows an object only once its upload
// completes). On other filesystems (GCS, Azure, local) it is written to a
// hidden ".flowfile-tmp-" name next to the target and moved into place on
// Commit (copied then deleted where the store cannot rename), deleted on
// Abandon; readers skip hidden names. Arrow's Azure and GCS streams make a
// partial or empty object visible before Close, so they cannot be written in
// place.
#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/io/interfaces.h>

#include <memory>
#include <string>

namespace flowfile::io {

// The prefix of staging names, which listings and scans skip.
inline constexpr std::string_view kStagingPrefix = ".flowfile-tmp-";

// A random version 4 UUID, for part and staging names.
std::string RandomUuid();

class AtomicOutput {
 public:
  // Opens the stream that will become `target` (a filesystem path).
  static arrow::Result<AtomicOutput> Open(std::shared_ptr<arrow::fs::FileSystem> fs, std::string target);

  const std::shared_ptr<arrow::io::OutputStream>& stream() const { return stream_; }
  // Closes the stream and makes the object appear at the target whole.
  arrow::Status Commit();
  // Drops what was written; the target is left as it was. Best effort.
  void Abandon();

 private:
  AtomicOutput(std::shared_ptr<arrow::fs::FileSystem> fs, std::string target, std::string staging,
               std::shared_ptr<arrow::io::OutputStream> stream)
      : fs_(std::move(fs)), target_(std::move(target)), staging_(std::move(staging)), stream_(std::move(stream)) {}
  bool direct() const { return staging_ == target_; }

  std::shared_ptr<arrow::fs::FileSystem> fs_;
  std::string target_;
  std::string staging_;  // == target_ when written in place (S3)
  std::shared_ptr<arrow::io::OutputStream> stream_;
};

}  // namespace flowfile::io
