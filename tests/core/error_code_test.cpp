// Error code names are a wire format (HTTP API, Python, streams): each name
// maps back to its code, and nothing else parses.
#include <gtest/gtest.h>

#include "flowfile/error.h"

namespace flowfile {
namespace {

TEST(ErrorCodeNames, EveryCodeRoundTripsThroughItsName) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    EXPECT_EQ(ErrorCodeFromName(ErrorCodeName(code)), code) << ErrorCodeName(code);
  }
  EXPECT_EQ(ErrorCodeFromName("path_not_found"), ErrorCode::kPathNotFound);
}

TEST(ErrorCodeNames, OtherTextIsNoCode) {
  for (const char* text : {"", "IOError", "Not_Found", "not_found ", "notfound"}) {
    EXPECT_EQ(ErrorCodeFromName(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace flowfile
