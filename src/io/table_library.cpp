#include "src/io/table_library.h"

namespace flowfile::io {

static_assert(static_cast<int>(ColumnFilter::Op::kEq) == FFT_EQ &&
                  static_cast<int>(ColumnFilter::Op::kIsNotNull) == FFT_IS_NOT_NULL,
              "ToLibraryFilters casts ColumnFilter::Op to FftFilterOp");

Result<TableRef> TableRef::Make(const cloud::CloudStorage& storage, std::string_view uri) {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, storage.Resolve(uri));
  if (path.key().empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "A Delta table is a folder inside the bucket, not the bucket: " + path.Uri(), "path");
  }
  if (storage.table_options == nullptr)
    return Error(ErrorCode::kInternal, "Storage opened without table options.");
  if (!storage.table_options->ok()) return storage.table_options->error();
  TableRef ref;
  ref.uri_ = path.Uri();
  ref.url_ = cloud::TableUrl(path);
  for (const auto& [key, value] : (*storage.table_options)->entries) {
    // reveal(): the library gets the credentials in memory, for this call.
    ref.options_.push_back(FftOption{key.c_str(), value.reveal().data(), value.reveal().size()});
  }
  return ref;
}

std::vector<FftFilter> ToLibraryFilters(const std::vector<ColumnFilter>& filters) {
  std::vector<FftFilter> out;
  for (const ColumnFilter& filter : filters) {
    FftFilter f{};
    f.column = filter.column.c_str();
    f.op = static_cast<int32_t>(filter.op);  // ColumnFilter::Op and FftFilterOp list the same order
    if (const auto* b = std::get_if<bool>(&filter.value)) {
      f.kind = FFT_BOOL;
      f.int_value = *b ? 1 : 0;
    } else if (const auto* i = std::get_if<std::int64_t>(&filter.value)) {
      f.kind = FFT_INT;
      f.int_value = *i;
    } else if (const auto* d = std::get_if<double>(&filter.value)) {
      f.kind = FFT_FLOAT;
      f.float_value = *d;
    } else if (const auto* s = std::get_if<std::string>(&filter.value)) {
      f.kind = FFT_STRING;
      f.string_value = s->c_str();
    } else {
      f.kind = FFT_NULL;
    }
    out.push_back(f);
  }
  return out;
}

Error LibraryError(const cloud::CloudStorage& storage, int32_t code, const char* message, std::string_view uri) {
  const std::string said = storage.masker->Mask(message);
  const std::string where(uri);
  switch (code) {
    case FFT_NOT_A_TABLE:
      return Error(ErrorCode::kPathNotFound,
                   where + " is not a Delta table (no _delta_log folder with commits): check the path.", "path");
    case FFT_VERSION_NOT_FOUND:
      return Error(ErrorCode::kInvalidArgument, "Delta table " + where + ": " + said + ".", "version");
    case FFT_INVALID_ARGUMENT:
    case FFT_UNSUPPORTED:
      return Error(ErrorCode::kInvalidArgument, "Delta table " + where + ": " + said + ".");
    case FFT_ALREADY_EXISTS:
      return Error(ErrorCode::kAlreadyExists, "Delta table " + where + ": " + said + ".", "write_mode");
    case FFT_CONFLICT:
      return Error(ErrorCode::kUnavailable, "Delta table " + where + ": " + said + ".");
    case FFT_STORAGE:
      return storage.MapError(arrow::Status::IOError(said), where);
    default:
      return Error(ErrorCode::kInternal, "Delta table " + where + ": " + said);
  }
}

}  // namespace flowfile::io
