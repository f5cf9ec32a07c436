// Where flowfile keeps its state: FLOWFILE_HOME, else ~/.flowfile.
#pragma once

#include <filesystem>

#include "flowfile/result.h"

namespace flowfile {

// Resolves the data directory, creates it if missing and makes it mode 0700
// (also when it existed, if it belongs to this user).
// Errors: kInvalidArgument when neither FLOWFILE_HOME nor HOME is set,
// kUnavailable when the directory cannot be created.
Result<std::filesystem::path> OpenDataDirectory();

}  // namespace flowfile
