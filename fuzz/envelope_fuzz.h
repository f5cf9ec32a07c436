// What the envelope fuzz target and its replay driver share: the keyring
// and context the target opens envelopes with, so the driver can seed the
// corpus with valid envelopes to mutate.
#pragma once

#include "flowfile/keyring.h"
#include "src/crypto/secret_envelope.h"

namespace flowfile::fuzzing {

// A keyring of two fixed versions (1 and 2).
const Keyring& EnvelopeFuzzKeyring();

// The user, connection and field the target opens every input for.
crypto::SecretContext EnvelopeFuzzContext();

}  // namespace flowfile::fuzzing
