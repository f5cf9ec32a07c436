// Azure shared access signatures (SAS): the one parser of their text, used by
// validation, by the store to keep one form, by the cloud layer to hand the
// token to Arrow, and by the SecretMasker to find it in reordered queries.
#pragma once

#include <string>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile {

// One parameter of a SAS token: its name (not secret) and its value, both as
// written (still URL-encoded).
struct SasParameter {
  std::string name;
  Secret value;
};

// The parameters of `token` (an optional leading '?', then name=value pairs
// joined by '&', with a non-empty sig). kInvalidArgument naming
// azure_sas_token and the expected form; the message never quotes the token.
Result<std::vector<SasParameter>> ParseSasToken(const Secret& token);

// `token` without its leading '?': the form stored and used. Errors: those of
// ParseSasToken.
Result<Secret> NormalizeSasToken(const Secret& token);

// Percent-decodes one URL-encoded value ('+' stays '+': SAS signatures are
// base64, where '+' is a digit). Invalid escapes are kept as written.
Secret UrlDecodeSecret(const Secret& value);

}  // namespace flowfile
