// Arrow/provider failures -> flowfile::Error, in exactly one function per
// provider. Messages follow the seed's troubleshooting table, name the
// bucket, key or endpoint involved, and are masked with the connection's
// SecretMasker before they leave.
#pragma once

#include <arrow/status.h>

#include <string>

#include "flowfile/connection.h"
#include "flowfile/error.h"
#include "src/cloud/secret_masker.h"

namespace flowfile::cloud {

// What was being done when a call failed.
struct ErrorContext {
  const ConnectionInfo& connection;
  std::string uri;  // the location accessed, e.g. "s3://bucket/key"
};

// kAccessDenied, kInvalidEndpoint, kTlsVerificationFailed, kPathNotFound,
// kInvalidArgument (not a valid file of the format), kUnavailable
// (timeouts, throttling), else kInternal quoting the provider's text.
Error MapS3Error(const arrow::Status& status, const ErrorContext& context);
Error MapGcsError(const arrow::Status& status, const ErrorContext& context);
Error MapAzureError(const arrow::Status& status, const ErrorContext& context);

// Picks the provider by the connection's storage type, then masks.
Error MapCloudError(const arrow::Status& status, const ErrorContext& context, const SecretMasker& masker);

// The endpoint a connection talks to, for messages ("https://s3.amazonaws.com").
std::string EndpointForMessages(const ConnectionInfo& connection);

}  // namespace flowfile::cloud
