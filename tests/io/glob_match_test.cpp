#include "src/io/glob_match.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace flowfile::io {
namespace {

struct GlobCase {
  const char* pattern;
  const char* path;
  bool matches;
};

class GlobMatching : public testing::TestWithParam<GlobCase> {};

TEST_P(GlobMatching, MatchesAsPolarsAndFsspecDo) {
  const GlobCase& c = GetParam();
  EXPECT_EQ(GlobMatches(c.pattern, c.path), c.matches) << c.pattern << " vs " << c.path;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GlobMatching,
    testing::Values(
        // '**' crosses any number of folders, none included.
        GlobCase{"b/data/**/*.parquet", "b/data/a.parquet", true},
        GlobCase{"b/data/**/*.parquet", "b/data/x/b.parquet", true},
        GlobCase{"b/data/**/*.parquet", "b/data/x/y/b.parquet", true},
        GlobCase{"b/data/**/*.parquet", "b/data/x/y/b.csv", false},
        GlobCase{"b/data/**/*.parquet", "b/other/a.parquet", false}, GlobCase{"b/**", "b/a/b/c.json", true},
        GlobCase{"b/**/x/**/*.csv", "b/x/f.csv", true}, GlobCase{"b/**/x/**/*.csv", "b/1/2/x/3/f.csv", true},
        GlobCase{"b/**/x/**/*.csv", "b/1/2/y/3/f.csv", false}, GlobCase{"b/**/**/f.csv", "b/f.csv", true},
        GlobCase{"b/d/**/part-?.parquet", "b/d/y=1/part-0.parquet", true},
        // '*', '?' and '[...]' stay within one folder level.
        GlobCase{"b/data/*.parquet", "b/data/a.parquet", true},
        GlobCase{"b/data/*.parquet", "b/data/x/a.parquet", false},
        GlobCase{"b/data/*/a.parquet", "b/data/x/a.parquet", true},
        GlobCase{"b/data/?.parquet", "b/data/ab.parquet", false},
        GlobCase{"b/data/[ab].csv", "b/data/b.csv", true}, GlobCase{"b/data/[ab].csv", "b/data/c.csv", false},
        // '**' inside a segment is a '*'.
        GlobCase{"b/data/a**.csv", "b/data/abc.csv", true}, GlobCase{"b/data/a**.csv", "b/data/a/b.csv", false},
        // Exact paths still match only themselves.
        GlobCase{"b/data/a.csv", "b/data/a.csv", true}, GlobCase{"b/data/a.csv", "b/data/a.csv.bak", false}),
    [](const testing::TestParamInfo<GlobCase>& param_info) {
      std::string name = std::to_string(param_info.index) + "_";
      for (const char* c = param_info.param.path; *c != '\0'; ++c) {
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      }
      return name;
    });

TEST(GlobMatches, ManyDoubleStarsStayFast) {
  // A backtracking matcher takes exponential time here; the table does not.
  std::string pattern = "b";
  std::string path = "b";
  for (int i = 0; i < 40; ++i) {
    pattern += "/**/x";
    path += "/x";
  }
  path += "/y";
  EXPECT_FALSE(GlobMatches(pattern, path));
}

}  // namespace
}  // namespace flowfile::io
