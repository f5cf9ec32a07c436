// Matching object paths against the globs users write, as polars and fsspec
// read them.
#pragma once

#include <string_view>

namespace flowfile::io {

// Whether `path` ("bucket/dir/file.parquet") matches `pattern`. '*', '?' and
// '[...]' match within one folder level; a '**' segment matches any number
// of folder levels, none included: "data/**/*.parquet" matches
// "data/a.parquet" and "data/x/y/b.parquet". A '**' inside a segment
// ("a**b") is a '*'. Takes time proportional to the product of the two
// paths' segment counts, whatever the pattern.
bool GlobMatches(std::string_view pattern, std::string_view path);

}  // namespace flowfile::io
