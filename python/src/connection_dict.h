// Conversions between Python dicts keyed by user-facing field names and the
// C++ connection model. Field lists come from connection_fields.h and
// kAllSecretFields, so a new field needs no change here.
#pragma once

#include <nanobind/nanobind.h>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::python {

// Builds a Connection from {field name: value}. Text fields take str or
// None, flags bool, secrets a pydantic SecretStr (or str); the plain secret
// is read only here, straight into a Secret. Unknown keys are ignored.
// Errors: kInvalidArgument naming the field (never quoting a value).
Result<Connection> ConnectionFromDict(nanobind::handle fields);

// The public view as a dict: every text and flag field, storage_type,
// auth_method, secrets_set (names only), id and the timestamps.
nanobind::dict ConnectionInfoToDict(const ConnectionInfo& info);

}  // namespace flowfile::python
