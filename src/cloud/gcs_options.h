// Connection -> arrow::fs::GcsOptions.
#pragma once

#include <arrow/filesystem/gcsfs.h>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

// service_account: the key JSON; env_vars: Google application default
// credentials. endpoint_url (emulators, private endpoints): endpoint_override
// + scheme; plain http only with verify_ssl=false.
Result<arrow::fs::GcsOptions> BuildGcsOptions(const Connection& connection);

}  // namespace flowfile::cloud
