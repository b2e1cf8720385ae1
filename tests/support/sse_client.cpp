// Synchronous Beast reads bounded by SO_RCVTIMEO (Beast's synchronous calls ignore
// timeouts); the parser undoes the chunked encoding and the body grows as chunks arrive.
#include "tests/support/sse_client.hpp"

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace weft::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct sse_client::impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  std::size_t consumed = 0;  // body bytes already parsed into events
  int status = 0;
  bool ended = false;

  void deadline(std::chrono::milliseconds timeout) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
};

sse_client::sse_client(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers)
    : impl_(std::make_unique<impl>()) {
  beast::error_code ec;
  impl_->stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::accept, "text/event-stream");
  for (const auto& [k, v] : headers) req.set(k, v);
  bhttp::write(impl_->stream, req, ec);
  if (ec) return;
  impl_->parser.body_limit(64 * 1024 * 1024);
  impl_->deadline(std::chrono::seconds(5));
  bhttp::read_header(impl_->stream, impl_->buffer, impl_->parser, ec);
  if (ec) return;
  impl_->status = static_cast<int>(impl_->parser.get().result_int());
  impl_->ended = impl_->parser.is_done();
}

sse_client::~sse_client() = default;

int sse_client::status() const noexcept { return impl_->status; }

bool sse_client::ended() const noexcept { return impl_->ended; }

std::string sse_client::header(const std::string& name) const {
  auto it = impl_->parser.get().find(name);
  return it == impl_->parser.get().end() ? std::string() : std::string(it->value());
}

std::string sse_client::body() {
  beast::error_code ec;
  impl_->deadline(std::chrono::seconds(5));
  while (!impl_->parser.is_done() && !ec) bhttp::read_some(impl_->stream, impl_->buffer, impl_->parser, ec);
  impl_->ended = impl_->parser.is_done();
  return impl_->parser.get().body();
}

std::optional<sse_event> sse_client::next(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::string& body = impl_->parser.get().body();
    const auto end = body.find("\n\n", impl_->consumed);
    if (end != std::string::npos) {
      const std::string block = body.substr(impl_->consumed, end - impl_->consumed);
      impl_->consumed = end + 2;
      sse_event e;
      bool any = false;
      std::size_t at = 0;
      while (at <= block.size()) {
        auto nl = block.find('\n', at);
        const std::string line = block.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        at = nl == std::string::npos ? block.size() + 1 : nl + 1;
        if (line.empty() || line[0] == ':') continue;  // a comment (keep-alive)
        const auto colon = line.find(':');
        const std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.erase(0, 1);
        any = true;
        if (field == "id") e.id = value;
        else if (field == "event") e.event = value;
        else if (field == "data") e.data += (e.data.empty() ? "" : "\n") + value;
      }
      if (any) return e;
      continue;
    }
    if (impl_->parser.is_done()) {
      impl_->ended = true;
      return std::nullopt;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    impl_->deadline(std::max(left, std::chrono::milliseconds(1)));
    beast::error_code ec;
    bhttp::read_some(impl_->stream, impl_->buffer, impl_->parser, ec);
    if (ec && ec != net::error::would_block && ec != net::error::try_again) return std::nullopt;
  }
}

}  // namespace weft::testing
