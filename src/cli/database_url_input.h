// How `flowfile serve` takes the URL of a shared PostgreSQL store without
// its password showing in the process list: the arguments of a process are
// readable by every user of the machine (`ps`, /proc/PID/cmdline), its
// environment only by its owner.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::cli {

// Whether a postgresql:// URL carries a password, in its user info
// (user:password@) or as a password= parameter; read the way libpq reads
// them, erring towards yes.
bool DatabaseUrlHasPassword(std::string_view url);

// The database flags of `flowfile serve`.
struct DatabaseUrlArguments {
  std::string url;       // --database-url: refused when it carries a password
  std::string variable;  // --database-url-from-env VARIABLE

  void Register(CLI::App& command);
  // The URL the flags give; empty when neither is given (the server then
  // reads FLOWFILE_DATABASE_URL). Errors: kInvalidArgument naming the flag,
  // never repeating its value.
  Result<Secret> Read() const;
};

}  // namespace flowfile::cli
