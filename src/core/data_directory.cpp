#include "flowfile/data_directory.h"

#include <cstdlib>
#include <system_error>

namespace flowfile {

Result<std::filesystem::path> OpenDataDirectory() {
  std::filesystem::path dir;
  if (const char* home = std::getenv("FLOWFILE_HOME"); home != nullptr && *home != '\0') {
    dir = home;
  } else if (const char* user_home = std::getenv("HOME"); user_home != nullptr && *user_home != '\0') {
    dir = std::filesystem::path(user_home) / ".flowfile";
  } else {
    return Error(ErrorCode::kInvalidArgument, "Neither FLOWFILE_HOME nor HOME is set: set FLOWFILE_HOME to a directory for flowfile's data.");
  }
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec)) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec || !std::filesystem::is_directory(dir)) {
    return Error(ErrorCode::kUnavailable, "Cannot create the data directory " + dir.string() + ": " + ec.message());
  }
  return dir;
}

}  // namespace flowfile
