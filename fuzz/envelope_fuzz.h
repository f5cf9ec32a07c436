// What the envelope fuzz target and its replay driver share: the keyring
// and context the target opens envelopes with, and the genuine envelopes
// the driver mutates. The target knows every genuine envelope, so it can
// tell a mutated one that opens (a failure) from the original.
#pragma once

#include <string>
#include <vector>

#include "flowfile/keyring.h"
#include "src/crypto/secret_envelope.h"

namespace flowfile::fuzzing {

// A keyring of two fixed versions (1 and 2).
const Keyring& EnvelopeFuzzKeyring();

// The user, connection and field the target opens every input for.
crypto::SecretContext EnvelopeFuzzContext();

// One envelope sealed by the keyring, and the plaintext it holds.
struct GenuineEnvelope {
  std::string envelope;
  std::string plaintext;
};

// Envelopes sealed once per process under the fuzz context, with both key
// versions and plaintexts of several lengths (0 to 105 bytes).
const std::vector<GenuineEnvelope>& GenuineEnvelopes();

}  // namespace flowfile::fuzzing
