// How many rows a frame will give, when that is known without reading the
// rows: what a run's progress bar counts up to. Internal to the service.
#pragma once

#include <cstdint>
#include <optional>

#include "flowfile/data.h"

namespace flowfile::service {

// Parquet without filters: the files' row counts from their metadata (one
// footer read per file), capped by the frame's limit. nullopt for CSV and
// JSON (counting means reading them), for filtered frames, and when the
// metadata cannot be read (the run itself reports that error).
std::optional<std::int64_t> KnownRowCount(const LazyFrame& frame);

}  // namespace flowfile::service
