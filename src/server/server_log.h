// One line per failure the client cannot be told about (a data stream cut
// off mid-way), on standard error. Lines hold flowfile error messages only,
// which never carry a secret (third-party text in them is masked).
#pragma once

#include <string_view>

#include "flowfile/error.h"

namespace flowfile::server {

// "flowfile serve: <what>: <code>: <message>"; safe from any thread.
void LogFailure(std::string_view what, const Error& error);

}  // namespace flowfile::server
