#include "src/io/glob_match.h"

#include <fnmatch.h>

#include <string>
#include <vector>

namespace flowfile::io {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::size_t length = slash == std::string_view::npos ? std::string_view::npos : slash - start;
    segments.emplace_back(path.substr(start, length));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

}  // namespace

bool GlobMatches(std::string_view pattern, std::string_view path) {
  const std::vector<std::string> wanted = Segments(pattern);
  const std::vector<std::string> have = Segments(path);
  const std::size_t columns = have.size() + 1;
  // matches[i * columns + j]: wanted[i..] matches have[j..]. Filled from the
  // end, so each cell needs only cells already known: no backtracking.
  std::vector<char> matches((wanted.size() + 1) * columns, 0);
  matches[wanted.size() * columns + have.size()] = 1;
  for (std::size_t i = wanted.size(); i-- > 0;) {
    for (std::size_t j = have.size() + 1; j-- > 0;) {
      char& cell = matches[i * columns + j];
      if (wanted[i] == "**") {
        // None of the remaining levels, or one more and still '**'.
        cell = matches[(i + 1) * columns + j] || (j < have.size() && matches[i * columns + j + 1]);
      } else {
        cell = j < have.size() && matches[(i + 1) * columns + j + 1] &&
               fnmatch(wanted[i].c_str(), have[j].c_str(), 0) == 0;
      }
    }
  }
  return matches[0] != 0;
}

}  // namespace flowfile::io
