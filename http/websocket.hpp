// WebSockets without Beast types (SPEC §7): the server accepts an upgrade when a
// ws_accept_fn says so, and runs the connection; a dialect (ws_handler) gets each text
// message and sends through its ws_connection. Output goes through a bounded per-connection
// queue: a client that falls behind is not allowed to hold the server's memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace weft::http {

/// What a dialect sees of its connection. Thread-safe: subscriptions send from actor
/// threads. Calls after the connection has gone do nothing.
class ws_connection {
 public:
  /// Messages a connection may have queued and unsent before send() refuses more.
  static constexpr std::size_t queue_limit = 1024;

  virtual ~ws_connection() = default;
  /// Queues a text message; false when the queue is full or the connection gone. `force`
  /// queues past the limit (the last notice before closing).
  virtual bool send(std::string text, bool force = false) = 0;
  /// Closes after what is queued has been sent.
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

/// One connection's dialect. Called on the connection's strand, one call at a time.
class ws_handler {
 public:
  virtual ~ws_handler() = default;
  /// The upgrade is done: the connection can send.
  virtual void on_open() {}
  virtual void on_message(const std::string& text) = 0;
  /// The connection has closed (or failed); nothing more will be sent.
  virtual void on_close() = 0;
};

/// An upgrade request's fate: a handler to accept it, or an HTTP answer refusing it.
struct ws_decision {
  std::unique_ptr<ws_handler> handler;
  response refusal;
};

/// Called for every WebSocket upgrade request (on an I/O thread: decide quickly).
using ws_accept_fn = std::function<ws_decision(const request& upgrade, std::shared_ptr<ws_connection> connection)>;

}  // namespace weft::http
