#include "src/service/accounts/login_throttle.h"

#include <algorithm>

namespace flowfile::accounts {

std::int64_t LoginThrottle::DelayAfter(int failures) const {
  // After free_attempts failures the next attempt waits first_delay_ms, and
  // each further failure doubles the wait.
  if (failures <= 0 || failures < policy_.free_attempts) return 0;
  const int doublings = failures - std::max(policy_.free_attempts, 1);
  std::int64_t delay = policy_.first_delay_ms;
  for (int i = 0; i < doublings && delay < policy_.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, policy_.max_delay_ms);
}

std::int64_t LoginThrottle::WaitLocked(std::span<const std::string> keys, std::int64_t now_ms) const {
  std::int64_t wait = 0;
  for (const std::string& key : keys) {
    auto found = failures_.find(key);
    if (found == failures_.end()) continue;
    const Failures& entry = found->second;
    if (entry.in_flight == 0 && now_ms - entry.last_at >= policy_.forget_after_ms) continue;
    wait = std::max(wait, entry.last_at + DelayAfter(entry.count + entry.in_flight) - now_ms);
  }
  return std::max<std::int64_t>(wait, 0);
}

std::int64_t LoginThrottle::WaitMs(std::span<const std::string> keys, std::int64_t now_ms) {
  MutexLock lock(mutex_);
  return WaitLocked(keys, now_ms);
}

void LoginThrottle::MakeRoom(std::size_t keys, std::int64_t now_ms) {
  if (failures_.size() + keys <= policy_.max_keys) return;
  // Bounded memory under a flood of distinct names: forget quiet keys
  // first, and everything if that is not enough.
  std::erase_if(failures_, [&](const auto& item) {
    return item.second.in_flight == 0 && now_ms - item.second.last_at >= policy_.forget_after_ms;
  });
  if (failures_.size() + keys > policy_.max_keys) failures_.clear();
}

std::int64_t LoginThrottle::Reserve(std::span<const std::string> keys, std::int64_t now_ms) {
  MutexLock lock(mutex_);
  if (const std::int64_t wait = WaitLocked(keys, now_ms); wait > 0) return wait;
  MakeRoom(keys.size(), now_ms);
  for (const std::string& key : keys) {
    Failures& entry = failures_[key];
    if (entry.in_flight == 0 && now_ms - entry.last_at >= policy_.forget_after_ms) entry.count = 0;
    ++entry.in_flight;
    entry.last_at = now_ms;  // the next attempt's wait is counted from this one
  }
  return 0;
}

void LoginThrottle::RecordFailure(std::span<const std::string> keys, std::int64_t now_ms) {
  MutexLock lock(mutex_);
  MakeRoom(keys.size(), now_ms);
  for (const std::string& key : keys) {
    Failures& entry = failures_[key];
    if (entry.in_flight > 0) {
      --entry.in_flight;
    } else if (now_ms - entry.last_at >= policy_.forget_after_ms) {
      entry.count = 0;
    }
    ++entry.count;
    entry.last_at = now_ms;
  }
}

void LoginThrottle::Release(std::span<const std::string> keys) {
  MutexLock lock(mutex_);
  for (const std::string& key : keys) {
    auto found = failures_.find(key);
    if (found == failures_.end() || found->second.in_flight == 0) continue;
    if (--found->second.in_flight == 0 && found->second.count == 0) failures_.erase(found);
  }
}

void LoginThrottle::RecordSuccess(std::span<const std::string> keys) {
  MutexLock lock(mutex_);
  for (const std::string& key : keys) failures_.erase(key);
}

}  // namespace flowfile::accounts
