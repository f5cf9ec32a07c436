// The flowfile version, as released.
#pragma once

#include <string_view>

namespace flowfile {

inline constexpr std::string_view kVersion = "0.1.0";

}  // namespace flowfile
