// Reading an upstream Flowfile installation's master key from where a
// FlowfileKeySource says, for the import (flowfile_import.cpp).
#pragma once

#include <string>
#include <vector>

#include "flowfile/flowfile_import.h"
#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::service {

// One candidate master key (a Fernet key text) and where it came from.
struct UpstreamMasterKey {
  std::string source;  // a path or "environment variable NAME"; never the key
  Secret key;
};

// The candidate keys of `source`: one for a file or a variable; for the
// default, one per upstream key file that exists. A key file with
// upstream's flowfile.json.enc beside it is the key of that store, which
// holds the master key (upstream's SecureStorage); any other key file holds
// the master key itself (e.g. Docker's /run/secrets/flowfile_master_key).
// Errors: kInvalidArgument (field "key") naming the file or variable when
// it is missing, empty, unreadable or not a Fernet key; kAccessDenied when a
// .secret_key does not open the flowfile.json.enc beside it.
Result<std::vector<UpstreamMasterKey>> ReadUpstreamMasterKeys(const FlowfileKeySource& source);

}  // namespace flowfile::service
