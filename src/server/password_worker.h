// A small pool of threads for the slow password work of sign-in and setup
// (Argon2id, tens of milliseconds and 19 MiB each).
//
// The request thread hands the work over and waits for it, so the number of
// hashes running at once is bounded by the pool, not by the number of
// request threads: a burst of sign-ins cannot take every core and every
// request thread from the API's other routes. When the queue is full, Submit
// refuses at once and the client is told to retry (503).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace flowfile::server {

class PasswordWorker {
 public:
  PasswordWorker(int threads, std::size_t max_queued);
  ~PasswordWorker();
  PasswordWorker(const PasswordWorker&) = delete;
  PasswordWorker& operator=(const PasswordWorker&) = delete;

  // Runs `work` on the pool; nullopt when too much work is waiting already.
  template <typename Work>
  auto Submit(Work work) -> std::optional<std::future<decltype(work())>> {
    auto task = std::make_shared<std::packaged_task<decltype(work())()>>(std::move(work));
    auto future = task->get_future();
    if (!Enqueue([task] { (*task)(); })) return std::nullopt;
    return future;
  }

 private:
  bool Enqueue(std::function<void()> job);
  void Loop();

  std::size_t max_queued_;
  std::mutex mutex_;  // guards queue_ and stopping_
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace flowfile::server
