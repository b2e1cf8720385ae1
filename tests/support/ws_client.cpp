// Asynchronous reads run on a private io_context for at most the timeout (Beast's
// synchronous calls ignore timeouts).
#include "tests/support/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace weft::testing {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct ws_client::impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool connected = false;
  bool closed = false;
  std::string end_reason;
  int refused = 0;
};

ws_client::ws_client(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers,
                     int receive_buffer_bytes)
    : impl_(std::make_unique<impl>()) {
  beast::error_code ec;
  if (receive_buffer_bytes > 0) {
    auto& socket = beast::get_lowest_layer(impl_->ws).socket();
    socket.open(tcp::v4(), ec);
    socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes), ec);
  }
  beast::get_lowest_layer(impl_->ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return;
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  websocket::response_type res;
  impl_->ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  if (ec) {
    impl_->refused = static_cast<int>(res.result_int());
    return;
  }
  impl_->connected = true;
}

ws_client::~ws_client() { close(); }

bool ws_client::connected() const noexcept { return impl_->connected; }
int ws_client::refused_status() const noexcept { return impl_->refused; }
bool ws_client::closed() const noexcept { return impl_->closed; }

std::string ws_client::end_reason() const { return impl_->end_reason; }

bool ws_client::send(const nlohmann::json& message) { return send_text(message.dump()); }

bool ws_client::send_text(const std::string& text) {
  if (!impl_->connected || impl_->closed) return false;
  beast::error_code ec;
  impl_->ws.text(true);
  impl_->ws.write(net::buffer(text), ec);
  return !ec;
}

std::optional<nlohmann::json> ws_client::receive(std::chrono::milliseconds timeout) {
  if (!impl_->connected || impl_->closed) return std::nullopt;
  bool done = false;
  beast::error_code failure;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) {
    failure = ec;
    done = true;
  });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (!done) {
    // Timed out: cancel the read and let it finish before the buffer is reused.
    beast::get_lowest_layer(impl_->ws).cancel();
    impl_->ioc.restart();
    impl_->ioc.run();
    return std::nullopt;
  }
  if (failure) {
    impl_->closed = true;
    impl_->end_reason = failure.message();
    if (failure == websocket::error::closed) {  // the server's close frame: its code and reason
      const auto& r = impl_->ws.reason();
      impl_->end_reason += " with code " + std::to_string(r.code) + (r.reason.empty() ? "" : ": " + std::string(r.reason.c_str()));
    }
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(beast::buffers_to_string(impl_->buffer.data()), nullptr, false);
  if (j.is_discarded()) return nlohmann::json(beast::buffers_to_string(impl_->buffer.data()));
  return j;
}

std::vector<nlohmann::json> ws_client::receive_until(const std::string& name, std::chrono::milliseconds timeout) {
  std::vector<nlohmann::json> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto m = receive(left);
    if (!m) break;
    out.push_back(*m);
    if (m->is_object() && (m->value("event", "") == name || m->value("type", "") == name)) break;
  }
  return out;
}

void ws_client::close() {
  if (!impl_->connected || impl_->closed) return;
  impl_->closed = true;
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(impl_->ws).socket().close(ec);
}

}  // namespace weft::testing
