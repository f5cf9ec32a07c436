#include "src/server/guarded_server.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "src/server/api_errors.h"

namespace flowfile::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Set on the accepting thread while it turns a connection away because every
// thread is busy and the queue is full.
thread_local bool t_overloaded = false;

int PollMs(milliseconds wait) { return static_cast<int>(std::clamp<milliseconds::rep>(wait.count(), 0, 60'000)); }

std::string NumericAddress(const sockaddr_storage& address, socklen_t length) {
  char host[NI_MAXHOST] = {};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof(host), nullptr, 0,
                  NI_NUMERICHOST) != 0) {
    return {};
  }
  return host;
}

int PortOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return 0;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// One client connection: the bytes of the request being read and the
// limits on reading more. httplib reads requests through it.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, const ConnectionLimits& limits) : sock_(sock), limits_(limits) {}

  bool is_readable() const override { return offset_ < buffer_.size() || WaitReadable(); }
  bool is_writable() const override { return Wait(POLLOUT, limits_.write_timeout); }

  ssize_t read(char* ptr, size_t size) override {
    if (offset_ < buffer_.size()) {
      const std::size_t n = std::min(size, buffer_.size() - offset_);
      std::memcpy(ptr, buffer_.data() + offset_, n);
      offset_ += n;
      return static_cast<ssize_t>(n);
    }
    if (body_budget_ == 0) return -1;
    if (!WaitReadable()) return -1;
    const ssize_t n = ::recv(sock_, ptr, std::min<std::uint64_t>(size, body_budget_), 0);
    if (n > 0) body_budget_ -= static_cast<std::uint64_t>(n);
    return n;
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    ip = NumericAddress(address, length);
    port = PortOf(address);
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
    ip = NumericAddress(address, length);
    port = PortOf(address);
  }

  socket_t socket() const override { return sock_; }

  // Waits for the first byte of the next request, in short steps so that a
  // stopping server is noticed. False when the client closed or stayed idle.
  bool WaitForRequest(const std::atomic<socket_t>& server_socket) {
    buffer_.erase(0, offset_);
    offset_ = 0;
    deadline_ = Clock::time_point::max();
    if (!buffer_.empty()) return true;
    const Clock::time_point give_up = Clock::now() + limits_.keep_alive_timeout;
    while (server_socket != INVALID_SOCKET && Clock::now() < give_up) {
      if (Wait(POLLIN, std::min(milliseconds(100), limits_.keep_alive_timeout))) return true;
    }
    return false;
  }

  enum class HeadRead { kComplete, kClosed, kTimedOut, kTooLarge };

  // Reads until the blank line that ends the headers, within head_timeout
  // and max_head_bytes. `head` views the buffer, which httplib reads next.
  HeadRead ReadHead(std::string_view* head) {
    deadline_ = Clock::now() + limits_.head_timeout;
    const std::size_t max_bytes = limits_.head.max_head_bytes;
    std::size_t searched = 0;
    for (;;) {
      const std::size_t end = buffer_.find("\r\n\r\n", searched);
      if (end != std::string::npos && end + 4 <= max_bytes) {
        *head = std::string_view(buffer_).substr(0, end + 4);
        return HeadRead::kComplete;
      }
      if (buffer_.size() >= max_bytes) return HeadRead::kTooLarge;
      searched = buffer_.size() < 3 ? 0 : buffer_.size() - 3;
      if (!WaitReadable()) return timed_out_ ? HeadRead::kTimedOut : HeadRead::kClosed;
      char chunk[4096];
      const ssize_t n = ::recv(sock_, chunk, std::min(sizeof(chunk), max_bytes - buffer_.size()), 0);
      if (n <= 0) return HeadRead::kClosed;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // Sets how the body after the head may be read: whole within
  // body_timeout, or (a streaming upload) with pauses up to idle_timeout.
  void StartBody(const HeadVerdict& verdict) {
    if (verdict.streaming) {
      deadline_ = Clock::time_point::max();
      // A chunked body's framing lines are read byte by byte into a growing
      // line: the budget bounds them too.
      body_budget_ = 2 * verdict.content_length + 2 * limits_.head.max_upload_bytes + (1 << 20);
    } else {
      deadline_ = Clock::now() + limits_.body_timeout;
      body_budget_ = verdict.content_length;
    }
  }

  bool timed_out() const { return timed_out_; }

  // Answers with an error envelope; the caller closes the connection.
  // `drain` reads what the client still sends for a moment first.
  void Refuse(int status, std::string_view code, std::string_view message, bool drain = true) {
    httplib::Response response;
    SendHttpError(response, status, code, message);
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) + "\r\n";
    out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(response.body.size()) +
           "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n";
    if (status == 503) out += "Retry-After: 1\r\n";
    out += "\r\n" + response.body;
    for (std::size_t sent = 0; sent < out.size();) {
      const ssize_t n = write(out.data() + sent, out.size() - sent);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
    if (!drain) return;
    // Closing with unread bytes would reset the connection, and the client
    // might lose the answer: read and drop what is in flight, briefly.
    ::shutdown(sock_, SHUT_WR);
    deadline_ = Clock::now() + milliseconds(1000);
    char sink[4096];
    for (std::size_t drained = 0; drained < (8 << 20) && WaitReadable();) {
      const ssize_t n = ::recv(sock_, sink, sizeof(sink), 0);
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
  }

 private:
  milliseconds ReadWait() const {
    if (deadline_ == Clock::time_point::max()) return limits_.idle_timeout;
    // Rounded up: a wait cut short by rounding would end before the deadline
    // and be taken for a closed connection instead of a timeout.
    const auto left = std::chrono::ceil<milliseconds>(deadline_ - Clock::now());
    return std::max(milliseconds(0), std::min(left, limits_.idle_timeout));
  }

  bool Wait(short events, milliseconds wait) const {
    pollfd fd{sock_, events, 0};
    int ready;
    do {
      ready = ::poll(&fd, 1, PollMs(wait));
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
  }

  // Waits for bytes within the current deadline; records a missed deadline.
  bool WaitReadable() const {
    if (Wait(POLLIN, ReadWait())) return true;
    if (deadline_ != Clock::time_point::max() && Clock::now() >= deadline_) timed_out_ = true;
    return false;
  }

  socket_t sock_;
  const ConnectionLimits& limits_;
  std::string buffer_;      // bytes received and not yet read by httplib
  std::size_t offset_ = 0;  // how much of buffer_ httplib has read
  Clock::time_point deadline_ = Clock::time_point::max();
  std::uint64_t body_budget_ = 0;   // bytes the current body may still take from the socket
  mutable bool timed_out_ = false;  // set by the waits, also from is_readable
};

// The connection whose request this thread is serving, if any.
thread_local const ConnectionStream* t_stream = nullptr;

// A fixed pool of connection threads and a bounded queue of accepted
// connections; a connection beyond it is served at once on the accepting
// thread, told (t_overloaded) to answer 503 and close.
class ConnectionQueue final : public httplib::TaskQueue {
 public:
  ConnectionQueue(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      if (!stopping_ && queue_.size() < max_waiting_) {
        queue_.push_back(std::move(fn));
        wake_.notify_one();
        return;
      }
    }
    t_overloaded = true;
    fn();
    t_overloaded = false;
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and every accepted connection was served
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  std::size_t max_waiting_;
  std::mutex mutex_;  // guards queue_ and stopping_
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

GuardedServer::GuardedServer(ConnectionLimits limits, StreamingRoutePredicate is_streaming)
    : limits_(limits), is_streaming_(std::move(is_streaming)) {
  new_task_queue = [this] { return new ConnectionQueue(limits_.threads, limits_.max_waiting); };
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  ConnectionStream stream(sock, limits_);
  bool served = false;
  if (t_overloaded) {
    // On the accepting thread: answer without waiting for anything.
    stream.Refuse(503, "unavailable", "The server is busy: try again in a moment.", /*drain=*/false);
  } else {
    for (std::size_t left = std::max<std::size_t>(keep_alive_max_count_, 1); left > 0; --left) {
      if (!stream.WaitForRequest(svr_sock_)) break;
      std::string_view head;
      const auto read = stream.ReadHead(&head);
      if (read == ConnectionStream::HeadRead::kClosed) break;
      if (read == ConnectionStream::HeadRead::kTimedOut) {
        stream.Refuse(408, "request_timeout", "The request headers did not arrive in time.");
        break;
      }
      HeadVerdict verdict;
      if (read == ConnectionStream::HeadRead::kTooLarge) {
        verdict.refusal = HeadTooLarge(limits_.head);
      } else {
        verdict = CheckRequestHead(head, limits_.head, is_streaming_);
      }
      if (verdict.refusal) {
        stream.Refuse(verdict.refusal->status, verdict.refusal->code, verdict.refusal->message);
        break;
      }
      stream.StartBody(verdict);
      bool connection_closed = false;
      t_stream = &stream;
      served = process_request(stream, left == 1, connection_closed, nullptr);
      t_stream = nullptr;
      if (!served || connection_closed || stream.timed_out()) break;
    }
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

bool CurrentRequestTimedOut() { return t_stream != nullptr && t_stream->timed_out(); }

}  // namespace flowfile::server
