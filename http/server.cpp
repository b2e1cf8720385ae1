// Beast server, after Beast's advanced_server example: a session is a shared_ptr with paired
// do_read/on_read and do_write/on_write and one fail(). Requests hop to the worker pool and
// their responses hop back to the session's strand, so I/O threads never block.
#include "http/server.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "http/errors.hpp"
#include "http/peer_liveness.hpp"
#include "http/request_target.hpp"
#include "http/tcp_progress.hpp"
#include "http/write_queue_stream.hpp"

namespace weft::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Counts requests in flight so that stop() can wait for them.
struct inflight_counter {
  std::mutex mutex;
  std::condition_variable idle;
  int count = 0;
  void enter() {
    std::lock_guard lock(mutex);
    ++count;
  }
  void leave() {
    std::lock_guard lock(mutex);
    if (--count == 0) idle.notify_all();
  }
  bool wait_idle(std::chrono::milliseconds grace) {
    std::unique_lock lock(mutex);
    return idle.wait_for(lock, grace, [this] { return count == 0; });
  }
};

struct shared_state {
  // Weak: sessions must not own the io_context (its queued handlers own sessions). A reply
  // callback pins it instead (reply_guard), since an actor may hold one past the server.
  std::weak_ptr<net::io_context> ioc;
  server_options options;
  dispatch_fn dispatch;
  ws_accept_fn accept_websocket;
  net::thread_pool* workers = nullptr;
  inflight_counter inflight;
  std::atomic<bool> stopping{false};
};

// Errors found before a request reaches the API (body too large, malformed HTTP) get the
// same envelope and a request id of their own.
response envelope(errc code, std::string message) {
  const std::string id = new_request_id();
  response r = error_response({code, std::move(message), nlohmann::json::object()}, id);
  r.headers.emplace_back("X-Request-ID", id);
  return r;
}

// The sending side that WebSocket and SSE sessions share: a bounded queue of payloads on the
// session's strand, written in batches — everything queued when a write can start goes in
// that one write (a fan-out of 10,000 connections spent most of its time in per-message
// writes). The Session writes (write(count): the first `count` payloads of queue_, then
// written(ec) when done), ends (end(): the close frame or last chunk, then finish()) and
// says when it is open for writing.
template <class Session>
class outbox : public std::enable_shared_from_this<Session> {
 public:
  explicit outbox(const server_options& options)
      : liveness_(options.push_ping_every, options.push_dead_after, peer_liveness::clock::now()) {}

  bool send(payload text, bool force) {
    if (finished_ || !text) return false;
    if (!force && (queued_.load() >= push_connection::queue_limit ||
                   queued_bytes_.load() + text->size() > push_connection::queue_byte_limit)) {
      return false;
    }
    ++queued_;
    queued_bytes_ += text->size();
    net::post(self().executor(), [s = this->shared_from_this(), text = std::move(text)]() mutable {
      s->queue_.push_back(std::move(text));
      s->pump();
    });
    return true;
  }

 protected:
  Session& self() { return static_cast<Session&>(*this); }

  // The next batch, or the end once everything queued went out after a close.
  void pump() {
    if (!open_ || writing_ || ended_) return;
    if (!queue_.empty()) {
      writing_ = true;
      batch_ = queue_.size();
      return self().write(batch_);
    }
    if (closing_) {
      ended_ = true;
      self().end();
    }
  }

  void written(beast::error_code ec) {
    writing_ = false;
    for (; batch_ > 0; --batch_) {
      queued_bytes_ -= queue_.front()->size();
      queue_.pop_front();
      --queued_;
    }
    if (ec) return self().finish();
    pump();
  }

  void opened() {
    open_ = true;
    pump();
  }

  void begin_closing() {
    closing_ = true;
    pump();
  }

  // Every tick, the peer's progress (peer_liveness.hpp) decides: the Session pings (ping())
  // or drops the connection (drop()) on its own timer (liveness_timer_) and socket.
  void arm_liveness() {
    self().liveness_timer_.expires_after(liveness_.tick());
    self().liveness_timer_.async_wait([s = this->shared_from_this()](beast::error_code ec) {
      if (ec || s->finished_) return;
      const auto exchanged = tcp_bytes_exchanged(s->socket().native_handle());
      const auto verdict = exchanged ? s->liveness_.check(peer_liveness::clock::now(), *exchanged, s->writing_ || !s->queue_.empty())
                                     : peer_liveness::verdict::dead;  // the kernel no longer knows the socket
      if (verdict == peer_liveness::verdict::dead) return s->drop();
      if (verdict == peer_liveness::verdict::ping && !s->closing_) s->ping();
      s->arm_liveness();
    });
  }

  std::deque<payload> queue_;
  std::size_t batch_ = 0;  // payloads at the front of queue_ in the write in flight
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> queued_bytes_{0};
  std::atomic<bool> finished_{false};
  peer_liveness liveness_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool ended_ = false;
};

// A push session's handler runs on a strand of the worker pool, never on an I/O thread:
// a dialect reads storage to check a subscription (or a slow disk would stall every
// connection of that I/O thread). One call at a time, in the order they were made.
using handler_strand = net::strand<net::thread_pool::executor_type>;

// One WebSocket connection, after Beast's chat-multi example: each message read goes to the
// handler, and the next read waits until it has been handled (a client sending faster than
// it is answered is held back by TCP, not queued); writes go through the outbox.
class ws_session : public outbox<ws_session> {
 public:
  ws_session(beast::tcp_stream&& stream, net::thread_pool& workers, const server_options& options)
      : outbox(options), ws_(std::move(stream)), liveness_timer_(ws_.get_executor()), handler_strand_(net::make_strand(workers)) {}

  void accept(bhttp::request<bhttp::string_body> upgrade, std::unique_ptr<push_handler> handler) {
    handler_ = std::move(handler);
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own time
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = handshake_timeout;                 // the opening and the closing handshake
    timeouts.idle_timeout = websocket::stream_base::none();         // liveness_ keeps time instead
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(bhttp::field::server, "weft"); }));
    ws_.read_message_max(max_message_bytes);
    ws_.async_accept(upgrade, beast::bind_front_handler(&ws_session::on_accept, shared_from_this()));
  }

  void close(std::uint16_t code, std::string reason) {
    net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
      self->close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
      self->begin_closing();
    });
  }

 private:
  friend class outbox<ws_session>;
  static constexpr std::chrono::seconds handshake_timeout{10};
  static constexpr std::size_t max_message_bytes = 64 * 1024;

  auto executor() { return ws_.get_executor(); }

  // The batch as text frames, through the layer that also carries Beast's own frames (so the
  // two never interleave).
  void write(std::size_t count) {
    ws_.next_layer().enqueue_text(queue_, count, [self = shared_from_this()](beast::error_code ec) { self->written(ec); });
  }

  void end() {
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  void on_accept(beast::error_code ec) {
    if (ec) return finish();
    arm_liveness();
    opened();
    in_handler([](ws_session& s) { s.handler_->on_open(); }, [](ws_session& s) { s.do_read(); });
  }

  void do_read() { ws_.async_read(buffer_, beast::bind_front_handler(&ws_session::on_read, shared_from_this())); }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return finish();
    if (!ws_.got_text()) {
      buffer_.consume(buffer_.size());
      return do_read();
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    in_handler([text = std::move(text)](ws_session& s) { s.deliver(text); }, [](ws_session& s) { s.do_read(); });
  }

  // Runs `call` on the handler's strand, then `then` back on this session's strand.
  template <class Call, class Then>
  void in_handler(Call call, Then then) {
    net::post(handler_strand_, [self = shared_from_this(), call = std::move(call), then = std::move(then)]() mutable {
      call(*self);
      net::post(self->ws_.get_executor(), [self, then = std::move(then)]() mutable { then(*self); });
    });
  }

  // The last guard of the promise that no frame ends the process: a dialect that throws on a
  // message (a bug: each answers bad input with an error frame) closes that connection only.
  void deliver(const std::string& text) {
    try {
      handler_->on_message(text);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "weft: a WebSocket message failed (%s); closing that connection\n", e.what());
      close(1011, "internal error");  // RFC 6455: the server met an unexpected condition
    }
  }

  tcp::socket& socket() { return beast::get_lowest_layer(ws_).socket(); }
  void ping() { ws_.async_ping({}, [self = shared_from_this()](beast::error_code) {}); }

  // A peer that took nothing for the dead period: no close handshake (it would not be read).
  void drop() {
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
    finish();
  }

  void finish() {
    if (finished_.exchange(true)) return;
    liveness_timer_.cancel();
    if (handler_) net::post(handler_strand_, [self = shared_from_this()] { self->handler_->on_close(); });
  }

  websocket::stream<write_queue_stream> ws_;
  net::steady_timer liveness_timer_;
  handler_strand handler_strand_;
  beast::flat_buffer buffer_;
  std::unique_ptr<push_handler> handler_;
  websocket::close_reason close_reason_;
};

// One Server-Sent Events response: the head (chunked), then each pushed event as a chunk,
// through the outbox. A comment line every 15 s keeps proxies from timing the stream out
// and shows a dead peer; a read notices the client leaving; a write stuck for a minute
// closes the connection.
payload keep_alive_comment() {
  static const payload comment = std::make_shared<const std::string>(": keep-alive\n\n");
  return comment;
}

class sse_session : public outbox<sse_session> {
 public:
  sse_session(beast::tcp_stream&& stream, net::thread_pool& workers, const server_options& options)
      : outbox(options), stream_(std::move(stream)), liveness_timer_(stream_.get_executor()), handler_strand_(net::make_strand(workers)) {}

  void start(bhttp::response<bhttp::empty_body> head, std::unique_ptr<push_handler> handler) {
    handler_ = std::move(handler);
    head_ = std::move(head);
    stream_.expires_never();  // liveness_ keeps time
    bhttp::async_write_header(stream_, serializer_.emplace(head_),
                              beast::bind_front_handler(&sse_session::on_head, shared_from_this()));
  }

  void close(std::uint16_t, std::string) {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->begin_closing(); });
  }

 private:
  friend class outbox<sse_session>;

  auto executor() { return stream_.get_executor(); }

  // The batch as one chunk (chunk boundaries mean nothing to an event stream), its events
  // written from where they are queued.
  void write(std::size_t count) {
    chunk_buffers_.clear();
    for (std::size_t i = 0; i < count; ++i) chunk_buffers_.push_back(net::buffer(*queue_[i]));
    net::async_write(stream_, bhttp::make_chunk(chunk_buffers_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->written(ec); });
  }

  void end() {
    net::async_write(stream_, bhttp::make_chunk_last(), [self = shared_from_this()](beast::error_code, std::size_t) {
      self->finish();
    });
  }

  void on_head(beast::error_code ec, std::size_t) {
    if (ec || !handler_) return finish();
    net::post(handler_strand_, [self = shared_from_this()] { self->handler_->on_open(); });
    do_read();
    arm_liveness();
    opened();
  }

  // SSE clients send nothing after the request: a read only ends when they go.
  void do_read() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish();
      self->do_read();
    });
  }

  tcp::socket& socket() { return stream_.socket(); }
  void ping() {
    ++queued_;
    queue_.push_back(keep_alive_comment());
    pump();
  }
  void drop() { finish(); }  // finish() closes the socket

  void finish() {
    if (finished_.exchange(true)) return;
    liveness_timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    if (handler_) net::post(handler_strand_, [self = shared_from_this()] { self->handler_->on_close(); });
  }

  beast::tcp_stream stream_;
  net::steady_timer liveness_timer_;
  handler_strand handler_strand_;
  bhttp::response<bhttp::empty_body> head_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer_;
  std::unique_ptr<push_handler> handler_;
  std::array<char, 1024> scratch_{};
  std::vector<net::const_buffer> chunk_buffers_;  // the chunk being written
};

// A handler's view of its session: weak, so that the session (which owns the handler) and
// the handler (which keeps this) make no cycle.
template <class Session>
class weak_connection final : public push_connection {
 public:
  void attach(const std::shared_ptr<Session>& s) { session_ = s; }
  bool send(payload text, bool force) override {
    auto s = session_.lock();
    return s && s->send(std::move(text), force);
  }
  void close(std::uint16_t code, std::string reason) override {
    if (auto s = session_.lock()) s->close(code, std::move(reason));
  }

 private:
  std::weak_ptr<Session> session_;
};

class session;

// Members are destroyed in reverse order: the session goes before the io_context.
struct reply_guard {
  std::shared_ptr<net::io_context> ioc;
  std::shared_ptr<session> conn;
};

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket&& socket, std::shared_ptr<shared_state> state)
      : state_(std::move(state)), stream_(std::move(socket)) {}

  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::do_read, shared_from_this())); }

 private:
  void do_read() {
    if (state_->stopping) return close();
    parser_.emplace();
    parser_->body_limit(state_->options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.header_limit));
    stream_.expires_after(state_->options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted) {
      return close();
    }
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      linger_ = true;  // the client may still be sending the body: read it away after answering
      return write(envelope(errc::payload_too_large, "the request body is larger than " +
                                                         std::to_string(state_->options.body_limit) + " bytes"));
    }
    if (ec == bhttp::error::header_limit) {
      keep_alive_ = false;
      return write(envelope(errc::payload_too_large, "the request headers are too large"));
    }
    if (ec) {
      keep_alive_ = false;
      if (buffer_.size() == 0 && !parser_->got_some()) return close();
      return write(envelope(errc::invalid_input, "malformed HTTP request: " + ec.message()));
    }
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    auto req = std::make_shared<request>();
    req->method = std::string(msg.method_string());
    if (!parse_target(std::string_view(msg.target().data(), msg.target().size()), *req)) {
      return write(envelope(errc::invalid_input, "malformed request target"));
    }
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req->headers[name] = std::string(field.value());
    }
    req->body = std::move(msg.body());
    head_ = msg.method() == bhttp::verb::head;
    if (state_->accept_websocket && websocket::is_upgrade(msg)) return upgrade(std::move(req));
    state_->inflight.enter();
    // Run the handler on the worker pool; come back to this session's strand to write. The
    // callback may be kept by an actor and die after the server: its guard keeps the
    // io_context alive until the session (released first) is gone.
    auto guard = std::make_shared<reply_guard>(reply_guard{state_->ioc.lock(), shared_from_this()});
    net::post(*state_->workers, [guard, req]() {
      guard->conn->state_->dispatch(*req, [guard, req](response r) {
        auto self = guard->conn;
        net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable {
          self->state_->inflight.leave();
          self->write(std::move(r));
        });
      });
    });
  }

  // Decides on the upgrade on the worker pool (it verifies a token and may read storage),
  // then, back on this strand, hands the connection to a WebSocket session or answers the
  // refusal over HTTP.
  void upgrade(std::shared_ptr<request> req) {
    auto connection = std::make_shared<weak_connection<ws_session>>();
    auto guard = std::make_shared<reply_guard>(reply_guard{state_->ioc.lock(), shared_from_this()});
    net::post(*state_->workers, [guard, req, connection]() {
      auto decision = std::make_shared<ws_decision>();
      try {
        *decision = guard->conn->state_->accept_websocket(*req, connection);
      } catch (const std::exception& e) {  // a bug, answered like any other failed request
        std::fprintf(stderr, "weft: a WebSocket upgrade failed (%s)\n", e.what());
        decision->refusal = envelope(errc::internal_error, "the upgrade failed");
      }
      auto self = guard->conn;
      net::post(self->stream_.get_executor(), [self, connection, decision] { self->upgraded(*connection, std::move(*decision)); });
    });
  }

  void upgraded(weak_connection<ws_session>& connection, ws_decision decision) {
    if (!decision.handler) {
      keep_alive_ = false;
      return write(std::move(decision.refusal));
    }
    auto ws = std::make_shared<ws_session>(std::move(stream_), *state_->workers, state_->options);
    connection.attach(ws);
    ws->accept(parser_->release(), std::move(decision.handler));
  }

  void write(response r) {
    if (r.stream && !head_) return stream(std::move(r));
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(bhttp::field::server, "weft");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    if (state_->stopping) keep_alive_ = false;
    res->keep_alive(keep_alive_);
    if (head_) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    response_ = res;
    stream_.expires_after(state_->options.idle_timeout);
    if (head_) {
      bhttp::async_write_header(stream_, sr_.emplace(*res),
                                beast::bind_front_handler(&session::on_write, shared_from_this()));
    } else {
      bhttp::async_write(stream_, *res, beast::bind_front_handler(&session::on_write, shared_from_this()));
    }
  }

  // Hands the connection to an SSE session, which writes the head and then the events.
  void stream(response r) {
    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(r.status), 11};
    head.set(bhttp::field::server, "weft");
    if (!r.content_type.empty()) head.set(bhttp::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) head.set(k, v);
    head.keep_alive(false);  // the stream ends the connection
    head.chunked(true);
    auto sse = std::make_shared<sse_session>(std::move(stream_), *state_->workers, state_->options);
    auto connection = std::make_shared<weak_connection<sse_session>>();
    connection->attach(sse);
    sse->start(std::move(head), r.stream(connection));
  }

  void on_write(beast::error_code ec, std::size_t) {
    response_.reset();
    if (!ec && linger_) return linger();
    if (ec || !keep_alive_) return close();
    do_read();
  }

  // Lingering close: stop sending, then discard what the client still sends (up to a limit
  // and a deadline), so that closing does not reset the connection before the client has
  // read our answer.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drain();
  }

  void drain() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > max_drain_bytes) return self->close();
      self->drain();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  std::shared_ptr<shared_state> state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
  std::optional<bhttp::response_serializer<bhttp::string_body>> sr_;
  bool keep_alive_ = true;
  bool head_ = false;
  bool linger_ = false;
  static constexpr std::size_t max_drain_bytes = 64 * 1024 * 1024;
  std::array<char, 16 * 1024> scratch_{};
  std::size_t drained_ = 0;
};

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, std::shared_ptr<shared_state> state) : ioc_(ioc), state_(std::move(state)), acceptor_(ioc) {}

  bool open(const tcp::endpoint& endpoint, std::string& why) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      why = "cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) + ": " +
            ec.message();
      return false;
    }
    return true;
  }

  std::uint16_t port() const {
    beast::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
  }

  void run() { do_accept(); }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) std::make_shared<session>(std::move(socket), state_)->run();
    do_accept();
  }

  net::io_context& ioc_;
  std::shared_ptr<shared_state> state_;
  tcp::acceptor acceptor_;
};

}  // namespace

// An Asio context whose shutdown (every queued handler destroyed, its services still there)
// can be asked for before it is destroyed.
template <class Context>
struct shutdownable : Context {
  using Context::Context;
  using net::execution_context::shutdown;
};

struct server::impl {
  std::shared_ptr<shutdownable<net::io_context>> ioc = std::make_shared<shutdownable<net::io_context>>();
  std::shared_ptr<shared_state> state = std::make_shared<shared_state>();
  std::unique_ptr<shutdownable<net::thread_pool>> workers;
  std::shared_ptr<listener> acceptor;
  std::vector<std::thread> threads;
  bool running = false;

  // Handlers still queued when the threads have stopped own sessions, and a session holds
  // objects of both contexts (its socket is the io_context's, its handler strand the worker
  // pool's). Destroying one context while the other's queue still holds sessions would
  // destroy those objects after their service (UBSan saw a strand's service freed under it),
  // so both queues are emptied first, and the contexts destroyed after.
  ~impl() {
    ioc->shutdown();
    if (workers) workers->shutdown();
  }
};

server::server(server_options options, dispatch_fn dispatch) : impl_(std::make_unique<impl>()) {
  impl_->state->options = std::move(options);
  impl_->state->dispatch = std::move(dispatch);
}

server::~server() { stop(); }

void server::on_websocket(ws_accept_fn accept) { impl_->state->accept_websocket = std::move(accept); }

bool server::start(std::string& why) {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->state->options.address, ec);
  if (ec) {
    why = "invalid listen address '" + impl_->state->options.address + "'";
    return false;
  }
  impl_->workers = std::make_unique<shutdownable<net::thread_pool>>(std::max(1u, impl_->state->options.worker_threads));
  impl_->state->workers = impl_->workers.get();
  impl_->state->ioc = impl_->ioc;
  impl_->acceptor = std::make_shared<listener>(*impl_->ioc, impl_->state);
  if (!impl_->acceptor->open(tcp::endpoint(address, impl_->state->options.port), why)) return false;
  impl_->acceptor->run();
  for (unsigned i = 0; i < std::max(1u, impl_->state->options.io_threads); ++i) {
    impl_->threads.emplace_back([ioc = impl_->ioc] { ioc->run(); });
  }
  impl_->running = true;
  return true;
}

std::uint16_t server::port() const noexcept { return impl_->acceptor ? impl_->acceptor->port() : 0; }

void server::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  impl_->state->stopping = true;
  impl_->acceptor->close();
  impl_->state->inflight.wait_idle(impl_->state->options.stop_grace);
  impl_->workers->join();
  impl_->ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace weft::http
