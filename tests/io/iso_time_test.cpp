#include "src/io/iso_time.h"

#include <gtest/gtest.h>

#include <optional>

namespace flowfile::io {
namespace {

struct TimeCase {
  const char* text;
  std::optional<std::int64_t> millis;  // nullopt: not a time
};

class IsoTimes : public testing::TestWithParam<TimeCase> {};

TEST_P(IsoTimes, ParseAsUtcMillisecondsOrRefuse) {
  const TimeCase& c = GetParam();
  EXPECT_EQ(ParseIsoTime(c.text), c.millis) << c.text;
}

// 2026-12-04T00:00:00Z is 1796342400000 ms after the epoch.
constexpr std::int64_t kDay = 1796342400000;
constexpr std::int64_t kHour = 3600000;

INSTANTIATE_TEST_SUITE_P(
    Table, IsoTimes,
    testing::Values(TimeCase{"1970-01-01", 0}, TimeCase{"2026-12-04", kDay},
                    TimeCase{"2026-12-04T10:30", kDay + 10 * kHour + 30 * 60000},
                    TimeCase{"2026-12-04 10:30:15", kDay + 10 * kHour + 30 * 60000 + 15000},
                    TimeCase{"2026-12-04T10:30:15.25Z", kDay + 10 * kHour + 30 * 60000 + 15250},
                    TimeCase{"2026-12-04T10:30:15.123456Z", kDay + 10 * kHour + 30 * 60000 + 15123},
                    TimeCase{"2026-12-04T10:00:00+02:00", kDay + 8 * kHour},
                    TimeCase{"2026-12-04T10:00:00-0130", kDay + 11 * kHour + 30 * 60000},
                    TimeCase{"2026-02-30", std::nullopt}, TimeCase{"2026-12-04T24:00", std::nullopt},
                    TimeCase{"2026-12-04T10", std::nullopt}, TimeCase{"yesterday", std::nullopt},
                    TimeCase{"2026-12-04Z1", std::nullopt}, TimeCase{"2026-12-04T10:00:00.Z", std::nullopt},
                    TimeCase{"2026-12-04T10:00+25:00", std::nullopt}, TimeCase{"", std::nullopt}));

}  // namespace
}  // namespace flowfile::io
