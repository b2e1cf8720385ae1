// The layer under a server WebSocket (http/server.cpp only: Beast types): every byte written
// to the connection — Beast's own frames (the handshake answer, pings, pongs, close) and the
// batches of text frames the outbox encodes — goes into one ordered queue drained by one
// socket write at a time. So the messages queued for a connection leave in one writev, not a
// sendmsg each (issue 18: a fan-out to 10,000 subscribers spent its time in per-message
// writes), and nothing Beast writes can land inside a batch. A write completes once its
// bytes are in the socket, so Beast's close handshake tears down only after its frame went.
// Runs on the session's executor, one call at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include "http/push.hpp"

namespace weft::http {

/// The header of one unfragmented, unmasked text frame (RFC 6455 §5.2: what a server sends
/// when permessage-deflate is off, as it is here) of `size` payload bytes.
inline std::string text_frame_header(std::uint64_t size) {
  std::string out(1, static_cast<char>(0x81));  // FIN, opcode 1 (text)
  if (size < 126) {
    out += static_cast<char>(size);
  } else if (size <= 0xFFFF) {
    out += static_cast<char>(126);
    for (int shift = 8; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xFF);
  }
  return out;
}

class write_queue_stream {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;
  using done_handler = boost::asio::any_completion_handler<void(boost::beast::error_code)>;

  explicit write_queue_stream(boost::beast::tcp_stream&& next) : next_(std::move(next)) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  boost::beast::tcp_stream& next_layer() noexcept { return next_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  /// Beast's writes: taken whole (so a frame is never split around another), completed once
  /// they are in the socket.
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          const std::size_t n = boost::asio::buffer_size(b);
          std::string bytes(n, '\0');
          boost::asio::buffer_copy(boost::asio::buffer(bytes), b);
          enqueue(std::move(bytes), [h = std::move(handler), n](boost::beast::error_code ec) mutable {
            std::move(h)(ec, ec ? 0 : n);
          });
        },
        token, buffers);
  }

  /// Queues `messages` as text frames, without copying them; `done` runs once they are in
  /// the socket (or the connection failed).
  template <class Messages>
  void enqueue_text(const Messages& messages, std::size_t count, done_handler done) {
    for (std::size_t i = 0; i < count; ++i) {
      add(text_frame_header(messages[i]->size()));
      add(messages[i]);
    }
    finish_enqueue(std::move(done));
  }

  /// Queues bytes that are whole frames (or Beast's handshake answer).
  void enqueue(std::string bytes, done_handler done) {
    add(std::move(bytes));
    finish_enqueue(std::move(done));
  }

  // Beast's close handshake ends with a teardown of the layer below.
  friend void teardown(boost::beast::role_type role, write_queue_stream& s, boost::beast::error_code& ec) {
    using boost::beast::websocket::teardown;
    teardown(role, s.next_, ec);
  }
  template <class TeardownHandler>
  friend void async_teardown(boost::beast::role_type role, write_queue_stream& s, TeardownHandler&& handler) {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, s.next_, std::forward<TeardownHandler>(handler));
  }

 private:
  struct mark {
    std::uint64_t end;  // done once this many bytes were written
    done_handler done;
  };
  // A run of bytes to write: owned (a frame header, Beast's frames) or a shared message.
  struct piece {
    std::string owned;
    payload shared;
    [[nodiscard]] boost::asio::const_buffer buffer() const {
      return shared ? boost::asio::buffer(*shared) : boost::asio::buffer(owned);
    }
  };

  void add(std::string bytes) {
    queued_ += bytes.size();
    pending_.push_back({std::move(bytes), nullptr});
  }
  void add(const payload& message) {
    queued_ += message->size();
    pending_.push_back({std::string(), message});
  }
  void finish_enqueue(done_handler done) {
    if (failed_) {
      pending_.clear();
      return boost::asio::post(next_.get_executor(), [d = std::move(done), ec = failed_]() mutable { std::move(d)(ec); });
    }
    waiting_.push_back({queued_, std::move(done)});
    drain();
  }

  // The handler of the write in flight. Asio destroys it uncalled when its io_context shuts
  // down mid-write (a server stopped while a peer was not reading): the handlers waiting for
  // that write hold the session, which owns this stream, so they are dropped then — or the
  // session and they would keep each other alive (a leak LeakSanitizer found).
  class on_written {
   public:
    explicit on_written(write_queue_stream* s) : s_(s) {}
    on_written(on_written&& other) noexcept : s_(std::exchange(other.s_, nullptr)) {}
    on_written& operator=(on_written&&) = delete;
    ~on_written() {
      if (!s_) return;  // moved from, or called
      // Destroyed as this returns, after the last use of s_: it may hold the last reference
      // to the session.
      const std::deque<mark> abandoned = std::exchange(s_->waiting_, {});
    }
    void operator()(boost::beast::error_code ec, std::size_t n) { std::exchange(s_, nullptr)->written(ec, n); }

   private:
    write_queue_stream* s_;
  };

  // Every byte in pending_ and in_flight_ has a waiting handler at or after it (and those
  // handlers keep the session, so this, alive while a write is in flight).
  void drain() {
    if (writing_ || pending_.empty()) return;
    writing_ = true;
    in_flight_ = std::exchange(pending_, {});
    buffers_.clear();
    for (const auto& p : in_flight_) buffers_.push_back(p.buffer());
    boost::asio::async_write(next_, buffers_, on_written(this));
  }

  void written(boost::beast::error_code ec, std::size_t n) {
    writing_ = false;
    written_ += n;
    in_flight_ = {};  // an idle connection holds no buffers
    buffers_ = {};
    if (ec) {
      failed_ = ec;
      pending_.clear();
    }
    std::vector<done_handler> ready;
    while (!waiting_.empty() && (failed_ || waiting_.front().end <= written_)) {
      ready.push_back(std::move(waiting_.front().done));
      waiting_.pop_front();
    }
    drain();
    // Last: a handler may hold the last reference to the session, and so to this.
    const boost::beast::error_code result = failed_;
    for (auto& done : ready) std::move(done)(result);
  }

  boost::beast::tcp_stream next_;
  std::vector<piece> pending_;    // queued, not yet handed to the socket
  std::vector<piece> in_flight_;  // the write in progress, and its buffers
  std::vector<boost::asio::const_buffer> buffers_;
  std::deque<mark> waiting_;
  std::uint64_t queued_ = 0;
  std::uint64_t written_ = 0;
  bool writing_ = false;
  boost::beast::error_code failed_;
};

}  // namespace weft::http
