// The Arrow C++ version the data engine runs on (data.h).
#include <arrow/config.h>

#include "flowfile/data.h"

namespace flowfile {

std::string ArrowVersion() { return arrow::GetBuildInfo().version_string; }

}  // namespace flowfile
