// Long-lived connections that the server pushes to, without Beast types (SPEC §7): a
// WebSocket after its upgrade, or a Server-Sent Events response. What is pushed goes
// through a bounded per-connection queue: a client that falls behind is not allowed to
// hold the server's memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace weft::http {

/// A message as queued: shared, so one rendering of an event goes to many connections.
using payload = std::shared_ptr<const std::string>;

/// What a handler sees of its connection. Thread-safe: subscriptions send from actor
/// threads. Calls after the connection has gone do nothing.
class push_connection {
 public:
  /// Messages, and bytes, a connection may have queued and unsent before send() refuses
  /// more: a slow reader of large events holds at most this much of the server's memory.
  static constexpr std::size_t queue_limit = 1024;
  static constexpr std::size_t queue_byte_limit = 4U << 20;

  virtual ~push_connection() = default;
  /// Queues a message (a WebSocket text message, or an SSE event already framed); false when
  /// the queue is full or the connection gone. `force` queues past the limit (the last
  /// notice before closing).
  virtual bool send(payload text, bool force = false) = 0;
  bool send(std::string text, bool force = false) {
    return send(std::make_shared<const std::string>(std::move(text)), force);
  }
  /// Closes after what is queued has been sent (`code` and `reason` go in a WebSocket close
  /// frame; an SSE stream just ends).
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

/// One connection's handler: a WebSocket dialect, or what feeds an SSE stream. The
/// connection owns it. Called one call at a time, in order, on a worker thread (never an
/// I/O thread: a handler may read storage); a WebSocket's next message is read only once
/// the last was handled.
class push_handler {
 public:
  virtual ~push_handler() = default;
  /// The connection is open (upgrade done, or SSE head sent): it can send.
  virtual void on_open() {}
  /// A text message from a WebSocket client (SSE clients send none).
  virtual void on_message(const std::string& text) { (void)text; }
  /// The connection has closed (or failed); nothing more will be sent.
  virtual void on_close() = 0;
};

}  // namespace weft::http
