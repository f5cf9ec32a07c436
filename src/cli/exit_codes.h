// How the flowfile command reports errors: one exit code per error code.
#pragma once

#include "flowfile/error.h"

namespace flowfile::cli {

int ExitCodeFor(const Error& error);
// Prints "flowfile: <message>" to stderr and returns the exit code.
int Fail(const Error& error);

}  // namespace flowfile::cli
