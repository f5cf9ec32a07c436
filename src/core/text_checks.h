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
// An http or https URL of a host (DNS name, IPv4 or [IPv6]) and an optional
// port: no user info, path, query or fragment (a key placed in a URL is how
// secrets leak into error messages, and anything after the host can smuggle
// in another destination).
Status CheckEndpointUrl(std::string_view url);
// An Azure storage account name: 3 to 24 lower-case letters and digits
// (Azure's own rule; the name becomes part of the host the key is sent to).
bool IsAzureAccountName(std::string_view name);
// A Microsoft Entra tenant as a client secret's sign-in URL takes it: a GUID
// or a domain name (letters, digits, '.', '-'); no '/', '?', '#' or '@'
// that would move the request elsewhere.
bool IsAzureTenantId(std::string_view tenant);

}  // namespace flowfile::internal
