// Random codes the server hands out (its embedded-mode CSRF token, the
// one-time set-up code), made here so the front ends hold no crypto.
#pragma once

#include <string>

namespace flowfile::accounts {

// 192 random bits from the system's CSPRNG as base64url text (32 characters).
std::string NewRandomCode();

}  // namespace flowfile::accounts
