// The HTTP/1.1 server: a Boost.Beast listener and sessions on an asio io_context, with
// keep-alive, a body limit (413 beyond), request timeouts and graceful stop. Handlers run on
// a separate worker pool, never on an I/O thread, and answer through `dispatch`. WebSocket
// upgrades go to the ws_accept_fn given to on_websocket(). Beast stays in server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/websocket.hpp"

namespace weft::http {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8000;                   // 0: let the OS choose (see server::port())
  std::size_t body_limit = 1024 * 1024;        // bytes; larger bodies answer 413
  std::size_t header_limit = 16 * 1024;        // bytes of request line and headers
  unsigned io_threads = 1;
  unsigned worker_threads = 2;                 // run handlers (they may block on storage)
  std::chrono::seconds idle_timeout{30};       // a connection silent this long is closed
  std::chrono::milliseconds stop_grace{3000};  // how long stop() waits for requests in flight
  // WebSocket and SSE connections (docs/guarantees.md, "Push connections"): a ping (an SSE
  // comment) once the peer showed no sign of life this long, and closed after this long.
  std::chrono::milliseconds push_ping_every{15000};
  std::chrono::milliseconds push_dead_after{60000};
};

/// Turns a request into a response, now or later through `respond`; called on a worker
/// thread, never throws past itself. The request lives until `respond` was called.
using dispatch_fn = std::function<void(request&, respond_fn respond)>;

class server {
 public:
  server(server_options options, dispatch_fn dispatch);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Accepts WebSocket upgrades through `accept` (call before start(); without it an
  /// upgrade is an ordinary request).
  void on_websocket(ws_accept_fn accept);
  /// Binds, listens and starts the threads; false with `why` set when the address is taken
  /// or invalid.
  [[nodiscard]] bool start(std::string& why);
  /// The bound port (useful with port 0).
  [[nodiscard]] std::uint16_t port() const noexcept;
  /// Stops accepting, lets requests in flight finish (up to stop_grace), closes
  /// connections and joins every thread. Idempotent.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace weft::http
