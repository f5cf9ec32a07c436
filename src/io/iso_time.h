// Times as users write them for Delta time travel (ScanRequest::timestamp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flowfile::io {

// ISO 8601 -> milliseconds since the epoch: a date ("2026-12-04"), or a date
// and time with 'T' or a space ("2026-12-04T10:30", "...:15", "...:15.250"),
// then optionally "Z" or an offset ("+01:00", "-0500"); no zone means UTC.
// nullopt for anything else (including impossible dates).
std::optional<std::int64_t> ParseIsoTime(std::string_view text);

}  // namespace flowfile::io
