// Fuzz target for the secret envelope parser: arbitrary bytes given to
// OpenSecret and EnvelopeKeyVersion must only ever yield errors, never a
// crash, and must not open unless they are a genuine envelope.
//
// With clang: clang++ -std=c++20 -fsanitize=fuzzer,address -I. -Iinclude
//   fuzz/envelope_fuzz.cpp src/crypto/*.cpp src/core/*.cpp -lcrypto -largon2
// With GCC (no libFuzzer), tests/crypto/envelope_fuzz_replay.cpp runs this
// target over a deterministic corpus as a ctest test.
#include "fuzz/envelope_fuzz.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace flowfile::fuzzing {

const Keyring& EnvelopeFuzzKeyring() {
  static const std::shared_ptr<const Keyring> keyring = [] {
    std::vector<MasterKey> keys;
    keys.push_back(MasterKey{1, Secret(std::string(kMasterKeySize, '\x11'))});
    keys.push_back(MasterKey{2, Secret(std::string(kMasterKeySize, '\x22'))});
    auto result = Keyring::FromKeys(std::move(keys));
    if (!result.ok()) std::abort();
    return *result;
  }();
  return *keyring;
}

crypto::SecretContext EnvelopeFuzzContext() { return {17, 4711, SecretField::kGcsServiceAccountKey}; }

}  // namespace flowfile::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowfile;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Keyring& keyring = fuzzing::EnvelopeFuzzKeyring();
  const crypto::SecretContext context = fuzzing::EnvelopeFuzzContext();

  auto version = crypto::EnvelopeKeyVersion(input);
  auto opened = crypto::OpenSecret(keyring, context, input);
  // An input that opens must at least have a well-formed header.
  if (opened.ok() && !version.ok()) std::abort();
  if (!opened.ok() && opened.error().code() != ErrorCode::kTampered) std::abort();

  // Any bytes also round-trip as a plaintext, and never open in another field.
  auto sealed = crypto::SealSecret(keyring, context, Secret(input));
  if (!sealed.ok()) std::abort();
  auto reopened = crypto::OpenSecret(keyring, context, *sealed);
  if (!reopened.ok() || reopened->reveal() != input) std::abort();
  crypto::SecretContext other = context;
  other.field = SecretField::kAzureSasToken;
  if (crypto::OpenSecret(keyring, other, *sealed).ok()) std::abort();
  return 0;
}
