// Runs the envelope fuzz target (fuzz/envelope_fuzz.cpp) over a fixed,
// pseudo-random corpus, since GCC has no libFuzzer: random bytes, random
// bytes behind a valid header, and valid envelopes with bit flips, byte
// changes, truncations, extensions and splices, and the genuine envelopes
// unchanged. Same seed, same mutations, so a failure reproduces (the
// envelopes' nonces differ per run; the target knows them). The target
// aborts on a broken property; reaching the end means every input was
// handled.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "fuzz/envelope_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr long kDefaultInputs = 200000;

class Corpus {
 public:
  Corpus() {
    for (const flowfile::fuzzing::GenuineEnvelope& genuine : flowfile::fuzzing::GenuineEnvelopes()) {
      valid_.push_back(genuine.envelope);
    }
  }

  bool has_valid() const { return !valid_.empty(); }

  std::string Next() {
    switch (random_() % 7) {
      case 0:
        return RandomBytes(random_() % 96);
      case 1:
        return std::string("FFSE\x01\x00\x00\x00", 8) + static_cast<char>(1 + random_() % 3) +
               RandomBytes(random_() % 80);
      case 2: {  // bit flips
        std::string envelope = Valid();
        for (std::uint64_t flips = 1 + random_() % 3; flips > 0; --flips) {
          envelope[random_() % envelope.size()] ^= static_cast<char>(1u << (random_() % 8));
        }
        return envelope;
      }
      case 3: {  // a byte replaced
        std::string envelope = Valid();
        envelope[random_() % envelope.size()] = static_cast<char>(random_());
        return envelope;
      }
      case 4: {  // truncated or extended
        std::string envelope = Valid();
        if (random_() % 2 == 0) return envelope.substr(0, random_() % envelope.size());
        return envelope + RandomBytes(1 + random_() % 16);
      }
      case 5:  // a genuine envelope, unchanged: it must open
        return Valid();
      default: {  // the head of one envelope on the tail of another
        const std::string head = Valid();
        const std::string tail = Valid();
        return head.substr(0, random_() % head.size()) + tail.substr(random_() % tail.size());
      }
    }
  }

 private:
  std::string Valid() { return valid_[random_() % valid_.size()]; }

  std::string RandomBytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (char& byte : bytes) byte = static_cast<char>(random_());
    return bytes;
  }

  std::mt19937_64 random_{20261125};
  std::vector<std::string> valid_;
};

}  // namespace

// Usage: envelope_fuzz_replay [number of inputs, default 200000]
int main(int argc, char** argv) {
  const long inputs = argc > 1 ? std::strtol(argv[1], nullptr, 10) : kDefaultInputs;
  if (inputs <= 0) {
    std::fprintf(stderr, "The number of inputs must be a positive number.\n");
    return 2;
  }
  Corpus corpus;
  if (!corpus.has_valid()) {
    std::fprintf(stderr, "Could not seal the seed envelopes.\n");
    return 1;
  }
  // The genuine envelopes must open, or "only genuine envelopes open" would
  // hold for nothing.
  for (const flowfile::fuzzing::GenuineEnvelope& genuine : flowfile::fuzzing::GenuineEnvelopes()) {
    auto opened = flowfile::crypto::OpenSecret(flowfile::fuzzing::EnvelopeFuzzKeyring(),
                                               flowfile::fuzzing::EnvelopeFuzzContext(), genuine.envelope);
    if (!opened.ok() || opened->reveal() != genuine.plaintext) {
      std::fprintf(stderr, "A genuine envelope did not open to its plaintext.\n");
      return 1;
    }
  }
  for (long i = 0; i < inputs; ++i) {
    const std::string input = corpus.Next();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::printf("%ld envelope fuzz inputs handled\n", inputs);
  return 0;
}
