// The S3 emulator that scripts/test starts (moto's server on loopback).
#pragma once

#include <cstdlib>
#include <string>

namespace flowfile::testing_support {

// "http://127.0.0.1:PORT", or empty when the tests were not started by
// scripts/test. Tests that need it fail (not skip) when it is empty.
inline std::string S3EmulatorEndpoint() {
  const char* endpoint = std::getenv("FLOWFILE_TEST_S3_ENDPOINT");
  return endpoint ? endpoint : "";
}

inline constexpr const char* kMissingEmulatorHint =
    "FLOWFILE_TEST_S3_ENDPOINT is not set: run the tests through scripts/test, which starts moto's S3 server.";

}  // namespace flowfile::testing_support
