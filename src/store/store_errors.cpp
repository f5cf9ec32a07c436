#include "src/store/store_errors.h"

#include <chrono>
#include <string>

namespace flowfile::store {

Error ConnectionNotFound(std::string_view name) {
  return Error(ErrorCode::kNotFound,
               "Connection not found: '" + std::string(name) +
                   "'. List your connections with get_all_available_cloud_storage_connections() to see what "
                   "exists.");
}

Error ConnectionIdNotFound(std::int64_t id) {
  return Error(ErrorCode::kNotFound,
               "Connection not found: id " + std::to_string(id) +
                   ". List your connections with get_all_available_cloud_storage_connections() to see what "
                   "exists.");
}

Error ConnectionExists(std::string_view name) {
  return Error(
      ErrorCode::kAlreadyExists,
      "A connection named '" + std::string(name) +
          "' already exists: choose another name or use create_cloud_storage_connection_if_not_exists().");
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
