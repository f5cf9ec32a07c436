// The C ABI of the table library (flowfile_tables.h) with C++ lifetimes:
// option and filter arrays that point into values kept alive for the call,
// and FftCode -> Error with the storage's masker applied to the message
// (the library may quote what the storage answered).
#pragma once

#include <flowfile_tables.h>

#include <string>
#include <vector>

#include "flowfile/data.h"
#include "src/cloud/filesystem_factory.h"

namespace flowfile::io {

// The table at `uri` on `storage` as the library names it: the URL and its
// options. Holds pointers into `storage`'s TableOptions: keep it alive.
class TableRef {
 public:
  static Result<TableRef> Make(const cloud::CloudStorage& storage, std::string_view uri);
  FftTable table() const { return FftTable{url_.c_str(), options_.data(), options_.size()}; }
  const std::string& uri() const { return uri_; }  // as the user sees it

 private:
  std::string uri_;
  std::string url_;
  std::vector<FftOption> options_;  // point into the storage's TableOptions
};

// The filters in the library's form; points into `filters`: keep it alive.
std::vector<FftFilter> ToLibraryFilters(const std::vector<ColumnFilter>& filters);

// A failed call's code and message as an Error; the message is masked.
Error LibraryError(const cloud::CloudStorage& storage, int32_t code, const char* message, std::string_view uri);

}  // namespace flowfile::io
