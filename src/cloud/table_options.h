// Connection -> the options of the table library's object store
// (rust/flowfile_tables), in object_store's names. They hold the decrypted
// credentials in memory only: never the process environment, never a URL.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/secret.h"
#include "src/cloud/cloud_path.h"
#include "src/cloud/endpoint_policy_check.h"

namespace flowfile::cloud {

struct TableOptions {
  // (key, value); every value is a Secret so none is ever printed by mistake.
  std::vector<std::pair<std::string, Secret>> entries;
};

// The options for `connection`; kInvalidArgument for an auth method the
// table library is not given here yet (it would fall back to the host's
// identity, which a user of a shared server must not take).
Result<TableOptions> BuildTableOptions(const Connection& connection);

// `options` plus the addresses the endpoint policy approved for the
// endpoint's host (flowfile_endpoint_addresses, read by the library's
// rust/flowfile_tables/src/no_redirects.rs), so the library connects to
// those instead of resolving the name again. `options` itself when there are
// none or it holds an error.
std::shared_ptr<const Result<TableOptions>> PinEndpointAddresses(
    std::shared_ptr<const Result<TableOptions>> options, const ApprovedEndpoint& endpoint);

// The table's URL in the library's scheme (s3://bucket/key, gs://bucket/key,
// az://container/key with the account in the options).
std::string TableUrl(const CloudPath& path);

}  // namespace flowfile::cloud
