// How the flowfile command reports errors: one exit code per error code,
// declared once in a table that --help also prints.
#pragma once

#include <string>

#include "flowfile/error.h"

namespace flowfile::cli {

int ExitCodeFor(const Error& error);
// The exit code of a command line refused before any command ran (an unknown
// flag, a missing or malformed value): the one of kInvalidArgument.
int UsageExitCode();
// Prints "flowfile: <message>" to stderr and returns the exit code.
int Fail(const Error& error);
// The "Exit codes:" section of --help, made from the same table.
std::string ExitCodesHelp();

}  // namespace flowfile::cli
