#include "src/server/server_log.h"

#include <iostream>
#include <mutex>

namespace flowfile::server {

void LogFailure(std::string_view what, const Error& error) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::cerr << "flowfile serve: " << what << ": " << error.ToString() << std::endl;
}

}  // namespace flowfile::server
