// Where flowfile keeps its state: FLOWFILE_HOME, else ~/.flowfile.
#pragma once

#include <filesystem>

#include "flowfile/result.h"

namespace flowfile {

// Resolves the data directory and creates it (mode 0700) if missing.
// Errors: kInvalidArgument when neither FLOWFILE_HOME nor HOME is set,
// kUnavailable when the directory cannot be created.
Result<std::filesystem::path> OpenDataDirectory();

}  // namespace flowfile
