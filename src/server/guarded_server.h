// The httplib server of `flowfile serve`, with what a client may send
// bounded in size and in time, and enough threads to keep answering while
// some clients are slow.
//
// httplib 0.11 gives each connection a thread of a fixed pool for as long as
// the client keeps it open, and times out only each read, so a client that
// sends a byte every few seconds holds a thread forever. Here every
// connection reads its request head itself (CheckRequestHead), within
// head_timeout, and a body httplib reads whole within body_timeout; the
// pool has more threads than an ordinary burst of slow clients and a bounded
// queue, beyond which a new connection is answered 503 at once.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>

#include "src/server/request_head.h"

namespace flowfile::server {

struct ConnectionLimits {
  HeadLimits head;
  // Time from the first byte of a request to the end of its headers. Default: 10 s.
  std::chrono::milliseconds head_timeout{10'000};
  // Time to receive a body that httplib reads whole (not a streaming upload). Default: 60 s.
  std::chrono::milliseconds body_timeout{60'000};
  // Longest pause while reading a streaming upload. Default: 30 s.
  std::chrono::milliseconds idle_timeout{30'000};
  // Longest wait for a client to take response bytes. Default: 120 s.
  std::chrono::milliseconds write_timeout{120'000};
  // How long an idle keep-alive connection is kept. Default: 5 s.
  std::chrono::milliseconds keep_alive_timeout{5'000};
  // Connections served at once. Default: 64.
  std::size_t threads = 64;
  // Accepted connections waiting for a thread; more are answered 503. Default: 256.
  std::size_t max_waiting = 256;
};

class GuardedServer : public httplib::Server {
 public:
  // `is_streaming` names the routes that read a chunked body as it arrives.
  GuardedServer(ConnectionLimits limits, StreamingRoutePredicate is_streaming);

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionLimits limits_;
  StreamingRoutePredicate is_streaming_;
};

// Whether the request being served on this thread failed because its body
// did not arrive within body_timeout (httplib reports that as a 400).
bool CurrentRequestTimedOut();

}  // namespace flowfile::server
