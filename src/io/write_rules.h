// Which write settings go together: a table's modes and settings with a
// Delta table only, merge keys with a merge mode and only then, and no
// change feed for an overwrite. Declared once; checked when a writer's
// settings are parsed (fields under their prefix, e.g. "writer.merge_keys")
// and again when a write starts. Plain data only (no Arrow): the API
// parsers and their fuzz target use it.
#pragma once

#include <string_view>

#include "flowfile/data.h"

namespace flowfile::io {

Status CheckWriteRules(const WriteRequest& request, std::string_view prefix = "");

}  // namespace flowfile::io
