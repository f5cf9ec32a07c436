// Slows down password guessing: after a few failed sign-ins for one account
// or from one client address, each further attempt must wait, twice as long
// after every failure. Kept in memory: a restart forgets it, which costs an
// attacker a restart per few guesses. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "src/core/mutex.h"

namespace flowfile::accounts {

struct ThrottlePolicy {
  int free_attempts = 3;                       // failures before the next attempt must wait
  std::int64_t first_delay_ms = 1'000;         // wait after the first throttled failure
  std::int64_t max_delay_ms = 5 * 60'000;      // the wait never grows beyond this
  std::int64_t forget_after_ms = 15 * 60'000;  // a quiet key starts over
  std::size_t max_keys = 100'000;              // oldest keys are dropped beyond this
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  // Milliseconds to wait before an attempt for any of `keys` (for example
  // "account:alice" and "ip:127.0.0.1") is allowed; 0 when allowed now.
  std::int64_t WaitMs(std::span<const std::string> keys, std::int64_t now_ms);
  // Like WaitMs, and when it is 0 reserves the attempt at once: an attempt
  // still being checked counts as a failure for the next ones, so concurrent
  // guesses cannot all pass the check before any has failed. End a
  // reservation with RecordFailure, RecordSuccess or Release.
  std::int64_t Reserve(std::span<const std::string> keys, std::int64_t now_ms);
  // A failed sign-in: counts it (and ends its reservation, if any).
  void RecordFailure(std::span<const std::string> keys, std::int64_t now_ms);
  // A successful sign-in clears the counts of its keys.
  void RecordSuccess(std::span<const std::string> keys);
  // Ends a reservation whose password was never judged (the server was busy).
  void Release(std::span<const std::string> keys);

 private:
  struct Failures {
    int count = 0;
    int in_flight = 0;  // reserved attempts not yet judged
    std::int64_t last_at = 0;
  };
  std::int64_t DelayAfter(int failures) const;
  std::int64_t WaitLocked(std::span<const std::string> keys, std::int64_t now_ms) const FLOWFILE_REQUIRES(mutex_);
  void MakeRoom(std::size_t keys, std::int64_t now_ms) FLOWFILE_REQUIRES(mutex_);

  ThrottlePolicy policy_;
  Mutex mutex_;
  std::map<std::string, Failures, std::less<>> failures_ FLOWFILE_GUARDED_BY(mutex_);
};

}  // namespace flowfile::accounts
