// Connection -> arrow::fs::AzureOptions (ADLS Gen2 / Blob storage).
#pragma once

#include <arrow/filesystem/azurefs.h>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

// access_key: shared account key; sas_token; service_principal: client
// secret credential; managed_identity: the given client id or the system
// identity. endpoint_url (Azurite, sovereign clouds): blob and dfs authority
// + scheme; plain http only with verify_ssl=false.
Result<arrow::fs::AzureOptions> BuildAzureOptions(const Connection& connection);

}  // namespace flowfile::cloud
