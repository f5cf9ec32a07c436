// The session every command acts in: the local user of the data directory.
#pragma once

#include "flowfile/engine.h"

namespace flowfile::cli {

Result<UserSession> LocalSession();

}  // namespace flowfile::cli
