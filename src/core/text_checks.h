// Small text checks shared by validation routines (internal to the core).
#pragma once

#include <cstddef>
#include <string_view>

#include "flowfile/result.h"

namespace flowfile::internal {

// Number of code points in UTF-8 text (bytes that do not continue one).
std::size_t Utf8Length(std::string_view text);
bool IsValidUtf8(std::string_view text);
// True for ASCII control characters (below 0x20, and DEL).
bool HasControlCharacter(std::string_view text);
// An http or https URL with a host, and no user info, query or fragment (a
// key placed in a URL is how secrets leak into error messages).
Status CheckEndpointUrl(std::string_view url);

}  // namespace flowfile::internal
