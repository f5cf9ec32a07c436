#include "flowfile/data_directory.h"

#include <sys/stat.h>
#include <unistd.h>

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
    return Error(ErrorCode::kInvalidArgument,
                 "Neither FLOWFILE_HOME nor HOME is set: set FLOWFILE_HOME to a directory for flowfile's data.");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return Error(ErrorCode::kUnavailable,
                 "Cannot create the data directory " + dir.string() + ": " + ec.message());
  }
  // Owner-only also when the directory existed before (made by hand, or by
  // an older flowfile under a loose umask): it holds the key file and the
  // store. A directory of another owner is left as it is.
  struct stat status {};
  if (::stat(dir.c_str(), &status) == 0 && status.st_uid == ::geteuid() && (status.st_mode & 077) != 0 &&
      ::chmod(dir.c_str(), 0700) != 0) {
    return Error(ErrorCode::kUnavailable,
                 "Cannot make the data directory " + dir.string() + " private to its owner (chmod 700).");
  }
  return dir;
}

}  // namespace flowfile
