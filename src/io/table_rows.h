// The rows a table library's scan streams (Delta, Iceberg), as a plan reads
// them: the library skips files and row groups by the plan's filters, so
// the filters are applied to the rows here, then the plan's columns and
// its limit.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/result.h"
#include "src/io/scan_plan.h"

struct ArrowArrayStream;

namespace flowfile::io {

// The columns a library scan must return for `plan`: the selected ones
// plus those its row filters read (nullopt: all).
std::optional<std::vector<std::string>> NeededColumns(const internal::ScanPlan& plan);

// Checks the plan's filters, lets `open_scan` fill a stream with the
// library's rows, and exports them through the filters, columns and limit
// into *out. Errors are in the plan's words (its storage's masker applied).
Status ExportTableRows(const internal::ScanPlan& plan, const std::function<Status(ArrowArrayStream*)>& open_scan,
                       ArrowArrayStream* out);

}  // namespace flowfile::io
