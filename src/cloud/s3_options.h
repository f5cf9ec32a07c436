// Connection -> arrow::fs::S3Options, one place for every S3 auth method.
#pragma once

#include <arrow/filesystem/s3fs.h>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::cloud {

// Credentials are set on the options' fields, never put in a URI.
// access_key: the key pair (+ session token). aws-cli: the profile's static
// keys read from the AWS CLI files, or the SDK default chain for the default
// profile when the files have none. env_vars: the SDK default chain.
// iam_role: STS AssumeRole (refreshed by Arrow every 15 minutes) with the
// default chain as base credentials. endpoint_url: endpoint_override +
// scheme, path-style addressing; plain http only with aws_allow_unsafe_html;
// TLS certificates unchecked only with aws_allow_unsafe_html or
// verify_ssl=false. kInvalidArgument / kInvalidEndpoint name the field.
Result<arrow::fs::S3Options> BuildS3Options(const Connection& connection);

}  // namespace flowfile::cloud
