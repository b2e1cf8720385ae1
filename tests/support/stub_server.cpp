// Beast synchronous server: fine for tests (a thread per connection, no timeouts needed:
// clients close, and the destructor ends every connection, delayed answers included).
#include "tests/support/stub_server.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <pthread.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace weft::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct stub_server::impl {
  handler h;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread accept_thread;
  std::vector<std::thread> connections;
  std::vector<std::shared_ptr<tcp::socket>> sockets;
  mutable std::mutex mutex;
  std::vector<stub_request> seen;
  std::atomic<bool> stopping{false};
  std::condition_variable stopped;  // wakes answers being delayed (under `mutex`)
  std::unique_ptr<net::ssl::context> tls;  // null: plain HTTP

  void serve(std::shared_ptr<tcp::socket> socket) {
    beast::error_code ec;
    if (!tls) {
      exchange(*socket);
    } else {
      beast::ssl_stream<tcp::socket&> stream(*socket, *tls);
      stream.handshake(net::ssl::stream_base::server, ec);
      if (!ec) {
        exchange(stream);
        stream.shutdown(ec);
      }
    }
    socket->shutdown(tcp::socket::shutdown_both, ec);
  }

  // Answers requests on one connection until it closes.
  template <class Stream>
  void exchange(Stream& stream) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    while (!stopping) {
      bhttp::request<bhttp::string_body> req;
      bhttp::read(stream, buffer, req, ec);
      if (ec) break;
      stub_request r{std::string(req.method_string()), std::string(req.target()), {}, req.body()};
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] = std::string(f.value());
      }
      {
        std::lock_guard lock(mutex);
        seen.push_back(r);
      }
      stub_response out = h(r);
      if (out.delay_ms > 0) {
        std::unique_lock lock(mutex);
        if (stopped.wait_for(lock, std::chrono::milliseconds(out.delay_ms), [&] { return stopping.load(); })) break;
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(out.status), 11};
      res.set(bhttp::field::content_type, out.content_type);
      res.body() = out.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      bhttp::write(stream, res, ec);
      if (ec || !req.keep_alive()) break;
    }
  }
};

stub_server::stub_server(handler h, stub_tls tls) : stub_server(std::move(h)) {
  impl_->tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  impl_->tls->use_certificate_chain_file(tls.cert_file);
  impl_->tls->use_private_key_file(tls.key_file, net::ssl::context::pem);
}

stub_server::stub_server(handler h) : impl_(std::make_unique<impl>()) {
  impl_->h = std::move(h);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] {
    pthread_setname_np(pthread_self(), stub_thread_name);
    while (!impl_->stopping) {
      auto socket = std::make_shared<tcp::socket>(impl_->ioc);
      beast::error_code ec;
      impl_->acceptor.accept(*socket, ec);
      if (ec || impl_->stopping) break;
      std::lock_guard lock(impl_->mutex);
      impl_->sockets.push_back(socket);
      impl_->connections.emplace_back([this, socket] {
        pthread_setname_np(pthread_self(), stub_thread_name);
        impl_->serve(socket);
      });
    }
  });
}

// A socket is closed only once no thread uses it (closing it under a blocked accept or read
// is a data race: ThreadSanitizer saw both): the accept loop is woken by a connection, the
// connections by shutdown(2), and each is closed after its thread has ended.
stub_server::~stub_server() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->stopped.notify_all();
  beast::error_code ec;
  {
    tcp::socket poke(impl_->ioc);
    poke.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
  }
  impl_->accept_thread.join();
  impl_->acceptor.close(ec);
  {
    std::lock_guard lock(impl_->mutex);
    for (auto& s : impl_->sockets) s->shutdown(tcp::socket::shutdown_both, ec);
  }
  for (auto& t : impl_->connections) t.join();
  for (auto& s : impl_->sockets) s->close(ec);
}

std::vector<stub_request> stub_server::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->seen;
}

}  // namespace weft::testing
