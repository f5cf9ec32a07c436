#include "src/service/accounts/login_throttle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace flowfile::accounts {
namespace {

const std::vector<std::string> kKeys = {"account:alice", "ip:127.0.0.1"};

TEST(LoginThrottleTest, AllowsTheFreeAttemptsWithoutWaiting) {
  LoginThrottle throttle;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.WaitMs(kKeys, 1000), 0);
    throttle.RecordFailure(kKeys, 1000);
  }
}

TEST(LoginThrottleTest, DoublesTheWaitAfterEachFurtherFailure) {
  struct Case {
    int failures;
    std::int64_t wait;
  };
  for (Case c :
       {Case{0, 0}, Case{1, 100}, Case{2, 200}, Case{3, 400}, Case{4, 800}, Case{5, 1000}, Case{6, 1000}}) {
    LoginThrottle fresh({.free_attempts = 1, .first_delay_ms = 100, .max_delay_ms = 1000});
    for (int i = 0; i < c.failures; ++i) fresh.RecordFailure(kKeys, 0);
    EXPECT_EQ(fresh.WaitMs(kKeys, 0), c.wait) << c.failures << " failures";
  }
}

TEST(LoginThrottleTest, AnyThrottledKeyMakesTheAttemptWait) {
  LoginThrottle throttle({.free_attempts = 0, .first_delay_ms = 500});
  throttle.RecordFailure(std::vector<std::string>{"ip:10.0.0.1"}, 0);
  EXPECT_EQ(throttle.WaitMs(std::vector<std::string>{"account:bob", "ip:10.0.0.1"}, 100), 400);
  EXPECT_EQ(throttle.WaitMs(std::vector<std::string>{"account:bob", "ip:10.0.0.2"}, 100), 0);
}

TEST(LoginThrottleTest, SuccessClearsTheCount) {
  LoginThrottle throttle({.free_attempts = 0, .first_delay_ms = 500});
  throttle.RecordFailure(kKeys, 0);
  EXPECT_EQ(throttle.WaitMs(kKeys, 1), 499);
  throttle.RecordSuccess(kKeys);
  EXPECT_EQ(throttle.WaitMs(kKeys, 1), 0);
}

// A wait longer than the quiet time: only forgetting can end it early.
TEST(LoginThrottleTest, QuietTimeForgetsAWaitThatWouldStillRun) {
  LoginThrottle throttle(
      {.free_attempts = 1, .first_delay_ms = 5'000, .max_delay_ms = 1'000'000, .forget_after_ms = 10'000});
  for (int i = 0; i < 3; ++i) throttle.RecordFailure(kKeys, 0);
  EXPECT_EQ(throttle.WaitMs(kKeys, 9'999), 20'000 - 9'999);
  EXPECT_EQ(throttle.WaitMs(kKeys, 10'000), 0);
}

TEST(LoginThrottleTest, AFailureAfterQuietTimeCountsFromOne) {
  LoginThrottle throttle(
      {.free_attempts = 1, .first_delay_ms = 100, .max_delay_ms = 1'000'000, .forget_after_ms = 10'000});
  for (int i = 0; i < 5; ++i) throttle.RecordFailure(kKeys, 0);
  EXPECT_EQ(throttle.WaitMs(kKeys, 0), 1'600);
  throttle.RecordFailure(kKeys, 10'000);
  EXPECT_EQ(throttle.WaitMs(kKeys, 10'000), 100) << "the five old failures must be forgotten";
}

// Counted from outside: after a flood of distinct names every one of which
// would still be throttled if remembered, at most max_keys of them are.
TEST(LoginThrottleTest, KeepsMemoryBoundedUnderManyNames) {
  constexpr int kNames = 1000;
  constexpr std::size_t kMaxKeys = 100;
  LoginThrottle throttle({.free_attempts = 0, .first_delay_ms = 60'000, .max_keys = kMaxKeys});
  const auto key = [](int i) { return std::vector<std::string>{"account:" + std::to_string(i)}; };
  for (int i = 0; i < kNames; ++i) throttle.RecordFailure(key(i), i);
  std::size_t remembered = 0;
  for (int i = 0; i < kNames; ++i) remembered += throttle.WaitMs(key(i), kNames) > 0;
  EXPECT_GE(remembered, 1u);
  EXPECT_LE(remembered, kMaxKeys);
  EXPECT_GT(throttle.WaitMs(key(kNames - 1), kNames), 0) << "the newest name is remembered";
}

TEST(LoginThrottleTest, ReservedAttemptsCountBeforeTheyAreJudged) {
  LoginThrottle throttle;  // three free attempts
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle.Reserve(kKeys, 1000), 0) << "attempt " << i;
  // Three guesses are still being checked: a fourth must wait, and reserves nothing.
  EXPECT_GT(throttle.Reserve(kKeys, 1000), 0);
  EXPECT_GT(throttle.Reserve(kKeys, 1000), 0);
  for (int i = 0; i < 3; ++i) throttle.RecordFailure(kKeys, 1000);
  EXPECT_EQ(throttle.WaitMs(kKeys, 1000), 1000) << "three failures, not five";
}

TEST(LoginThrottleTest, ReleasedOrSuccessfulReservationsFreeTheirPlace) {
  LoginThrottle throttle({.free_attempts = 1, .first_delay_ms = 500});
  EXPECT_EQ(throttle.Reserve(kKeys, 0), 0);
  EXPECT_GT(throttle.Reserve(kKeys, 0), 0);
  throttle.Release(kKeys);
  EXPECT_EQ(throttle.Reserve(kKeys, 0), 0);
  throttle.RecordSuccess(kKeys);
  EXPECT_EQ(throttle.Reserve(kKeys, 0), 0);
}

}  // namespace
}  // namespace flowfile::accounts
