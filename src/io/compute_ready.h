// Arrow's compute functions (scanner filters, sort, arithmetic, unique
// counts) are registered on request, once per process.
#pragma once

#include "flowfile/result.h"

namespace flowfile::io {

// Registers them the first time; kInternal when Arrow could not.
Status EnsureComputeReady();

}  // namespace flowfile::io
