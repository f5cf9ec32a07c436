#include "src/store/store_errors.h"

#include <chrono>
#include <string>

namespace flowfile::store {

// In words every front end can show; each adds how its users list or keep
// connections (field "connection_name" marks these errors).
Error ConnectionNotFound(std::string_view name) {
  return Error(ErrorCode::kNotFound, "Connection not found: '" + std::string(name) + "'.", "connection_name");
}

Error ConnectionIdNotFound(std::int64_t id) {
  return Error(ErrorCode::kNotFound, "Connection not found: id " + std::to_string(id) + ".", "connection_name");
}

Error ConnectionExists(std::string_view name) {
  return Error(ErrorCode::kAlreadyExists,
               "A connection named '" + std::string(name) + "' already exists: choose another name.",
               "connection_name");
}

Error MasterKeyMismatch(const std::filesystem::path& store_path) {
  return Error(ErrorCode::kAccessDenied,
               "The master key does not match this store (" + store_path.string() +
                   "): set FLOWFILE_MASTER_KEY or restore master.key from a backup of the data directory "
                   "this store was written with.");
}

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace flowfile::store
