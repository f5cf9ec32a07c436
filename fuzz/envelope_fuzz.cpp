// Fuzz target for the secret envelope parser: arbitrary bytes given to
// OpenSecret and EnvelopeKeyVersion must only ever yield errors, never a
// crash, and must not open unless they are byte for byte one of the genuine
// envelopes this process sealed: any change to an envelope that still opens
// (a header byte the parser skips, an ignored trailer) is a failure.
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

crypto::SecretContext EnvelopeFuzzContext() {
  return {17, 4711, SecretField::kGcsServiceAccountKey, "endpoint_url=https://storage.example"};
}

const std::vector<GenuineEnvelope>& GenuineEnvelopes() {
  static const std::vector<GenuineEnvelope> genuine = [] {
    std::vector<GenuineEnvelope> sealed;
    for (std::uint32_t version : {1u, 2u}) {
      std::vector<MasterKey> keys;
      keys.push_back(MasterKey{version, Secret(std::string(kMasterKeySize, version == 1 ? '\x11' : '\x22'))});
      auto keyring = Keyring::FromKeys(std::move(keys));
      if (!keyring.ok()) std::abort();
      for (int i = 0; i < 16; ++i) {
        std::string plaintext;
        for (int b = 0; b < i * 7; ++b) plaintext += static_cast<char>((b * 131 + i * 17 + version) & 0xFF);
        auto envelope = crypto::SealSecret(**keyring, EnvelopeFuzzContext(), Secret(plaintext));
        if (!envelope.ok()) std::abort();
        sealed.push_back({*envelope, plaintext});
      }
    }
    return sealed;
  }();
  return genuine;
}

}  // namespace flowfile::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowfile;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Keyring& keyring = fuzzing::EnvelopeFuzzKeyring();
  const crypto::SecretContext context = fuzzing::EnvelopeFuzzContext();

  auto version = crypto::EnvelopeKeyVersion(input);
  auto opened = crypto::OpenSecret(keyring, context, input);
  if (opened.ok()) {
    // Only a genuine envelope, unchanged, opens, and to its own plaintext.
    if (!version.ok()) std::abort();
    bool genuine = false;
    for (const fuzzing::GenuineEnvelope& known : fuzzing::GenuineEnvelopes()) {
      if (known.envelope == input) {
        if (opened->reveal() != known.plaintext) std::abort();
        genuine = true;
      }
    }
    if (!genuine) std::abort();
  } else if (opened.error().code() != ErrorCode::kTampered) {
    std::abort();
  }

  // Any bytes also round-trip as a plaintext, and never open in another field.
  auto sealed = crypto::SealSecret(keyring, context, Secret(input));
  if (!sealed.ok()) std::abort();
  auto reopened = crypto::OpenSecret(keyring, context, *sealed);
  if (!reopened.ok() || reopened->reveal() != input) std::abort();
  crypto::SecretContext other = context;
  other.field = SecretField::kAzureSasToken;
  if (crypto::OpenSecret(keyring, other, *sealed).ok()) std::abort();
  // Nor for another destination.
  crypto::SecretContext elsewhere = context;
  elsewhere.destination = "endpoint_url=https://attacker.example";
  if (crypto::OpenSecret(keyring, elsewhere, *sealed).ok()) std::abort();
  return 0;
}
