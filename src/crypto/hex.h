// Lower-case hex of bytes, for fingerprints and digests.
#pragma once

#include <cstddef>
#include <string>

namespace flowfile::crypto {

std::string EncodeHex(const unsigned char* bytes, std::size_t size);

}  // namespace flowfile::crypto
