// Turns the failure of a frame's Arrow stream back into a flowfile Error.
#pragma once

#include <arrow/status.h>

#include "flowfile/error.h"

namespace flowfile::io {

// Streams exported by a LazyFrame fail with "<code>: <message>" (see
// io/plan_reader.cpp), the message already masked; that code and message
// are kept. Any other text (Arrow's own) is not passed on.
Error ErrorFromStreamStatus(const arrow::Status& status);

}  // namespace flowfile::io
