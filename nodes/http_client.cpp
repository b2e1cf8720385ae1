// One call is one `exchange` object living on its own strand of the shared io_context: resolve
// (skipped for a numeric host), connect, TLS handshake for https, write, read. Its deadline
// timer and its cancellation close the socket; whichever of answer, failure, deadline or
// cancel comes first finishes the call, and the rest find it finished. https verifies the
// server's certificate and host name against the system's trusted CAs (OpenSSL's defaults, so
// SSL_CERT_FILE / SSL_CERT_DIR add private CAs) and sends SNI.
#include "nodes/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "nodes/tls_client.hpp"

namespace weft::nodes {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;

constexpr std::size_t max_response_bytes = 16 * 1024 * 1024;
constexpr int client_threads = 2;  // TLS handshakes and large answers cost CPU; one thread would serialise them

// The io_context every call runs on, with its threads. Made on first use and kept for the
// process: a call finishing during exit only drops weak references to actors.
class client {
 public:
  client() : work_(net::make_work_guard(io_)) {
    (void)tls_client_context();  // made first, so it outlives the calls destroyed with io_
    for (int i = 0; i < client_threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~client() {
    work_.reset();
    io_.stop();
    for (auto& t : threads_) t.join();
  }
  net::io_context& io() { return io_; }

 private:
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

client& shared_client() {
  static client c;
  return c;
}

// What the call's messages and failures name it by (the URL cut to a readable length).
std::string label_of(const http_call& call) { return call.method + " " + call.url.substr(0, 200); }

// Headers whose values are credentials: shown in a failure's request as redacted.
bool is_credential(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"authorization", "cookie", "token", "secret", "password", "api-key", "apikey", "x-api-key"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

constexpr std::size_t max_shown_body = 64 * 1024;  // a failure's record of the request stays small

class exchange : public std::enable_shared_from_this<exchange> {
 public:
  exchange(net::io_context& io, http_call call)
      : strand_(net::make_strand(io)),
        resolver_(strand_),
        stream_(strand_, tls_client_context()),
        deadline_(strand_),
        call_(std::move(call)) {}

  // Builds the request; a failure here finishes the call before any I/O.
  std::optional<step_result> prepare() {
    if (!parse_url(call_.url, url_)) return step_failure("invalid_url", "not an absolute URL: '" + call_.url.substr(0, 200) + "'");
    if (url_.scheme != "http" && url_.scheme != "https") {
      return step_failure("unsupported_scheme", "only http:// and https:// URLs are supported");
    }
    tls_ = url_.scheme == "https";
    std::string target = url_.target;
    if (call_.query.is_object() && !call_.query.empty()) {
      target += target.find('?') == std::string::npos ? '?' : '&';
      bool first = true;
      for (const auto& [k, v] : call_.query.items()) {
        if (!first) target += '&';
        first = false;
        target += url_encode(k) + "=" + url_encode(core::expr::display_string(v));
      }
    }
    if (tls_) {
      // SNI, and the certificate must name the host.
      if (!SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str())) {
        return step_failure("tls_error", "cannot set the TLS server name '" + url_.host.substr(0, 200) + "'");
      }
      stream_.set_verify_callback(net::ssl::host_name_verification(url_.host));
    }
    req_ = {bhttp::string_to_verb(call_.method), target, 11};
    if (req_.method() == bhttp::verb::unknown) return step_failure("invalid_config", "unknown method " + call_.method.substr(0, 64));
    req_.set(bhttp::field::host, url_.host + (url_.port == (tls_ ? "443" : "80") ? "" : ":" + url_.port));
    req_.set(bhttp::field::user_agent, "weft");
    if (!call_.idempotency_key.empty()) req_.set("Idempotency-Key", call_.idempotency_key);
    const json& headers = call_.headers;
    if (headers.is_object()) {
      for (const auto& [k, v] : headers.items()) req_.set(k, core::expr::display_string(v));
    }
    if (call_.body) {
      const json& body = *call_.body;
      req_.body() = body.is_string() ? body.get<std::string>() : body.dump();
      if (!headers.contains("Content-Type") && !headers.contains("content-type")) {
        req_.set(bhttp::field::content_type, body.is_string() ? "text/plain; charset=utf-8" : "application/json");
      }
    }
    req_.prepare_payload();
    parser_.body_limit(max_response_bytes);
    return std::nullopt;
  }

  void start(std::function<void(step_result)> done) {
    done_ = std::move(done);
    net::post(strand_, [self = shared_from_this()] { self->begin(); });
  }

 private:
  void begin() {
    deadline_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(call_.timeout_ms, 0)));
    deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // the call finished first
      self->finish(step_failure("timeout", label_of(self->call_) + " took longer than " + std::to_string(self->call_.timeout_ms) + " ms",
                                {{"request", self->sent()}}));
    });
    // An abandoned attempt (its execution ended, its timeout passed) closes the connection
    // rather than finish a call no one waits for.
    if (call_.cancel) {
      call_.cancel->on_cancel([weak = weak_from_this()] {
        if (auto self = weak.lock()) {
          net::post(self->strand_, [self] { self->finish(step_failure("cancelled", label_of(self->call_) + ": the attempt was abandoned")); });
        }
      });
    }
    beast::error_code ec;
    const auto address = net::ip::make_address(url_.host, ec);
    if (!ec) {  // a numeric host needs no resolver
      const std::uint16_t port = static_cast<std::uint16_t>(std::stoul(url_.port));
      std::vector<tcp::endpoint> endpoints{tcp::endpoint(address, port)};
      connect(endpoints);
      return;
    }
    resolver_.async_resolve(url_.host, url_.port, [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->fail(ec);
      self->connect(results);
    });
  }

  template <class Endpoints>
  void connect(const Endpoints& endpoints) {
    beast::get_lowest_layer(stream_).async_connect(endpoints, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->fail(ec);
      if (!self->tls_) return self->write(beast::get_lowest_layer(self->stream_));
      self->stream_.async_handshake(net::ssl::stream_base::client, [self](beast::error_code ec) {
        if (ec) return self->finish(step_failure("tls_error", label_of(self->call_) + ": TLS handshake failed: " + ec.message()));
        self->write(self->stream_);
      });
    });
  }

  template <class Stream>
  void write(Stream& stream) {
    bhttp::async_write(stream, req_, [self = shared_from_this(), &stream](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec);
      bhttp::async_read(stream, self->buffer_, self->parser_, [self](beast::error_code ec, std::size_t) {
        if (ec) return self->fail(ec);
        self->finish(self->answer());
      });
    });
  }

  void fail(beast::error_code ec) {
    if (finished_) return;  // the deadline or a cancel closed the socket under this operation
    finish(step_failure("connection_error", label_of(call_) + ": " + ec.message(), {{"request", sent()}}));
  }

  // The request as it went out (a failure's `details.request`): method, full URL, headers
  // with credentials redacted, body. Only after prepare() succeeded.
  json sent() const {
    json headers = json::object();
    for (const auto& f : req_) {
      const std::string name(f.name_string());
      const bool secret = is_credential(name) || std::any_of(call_.secret_headers.begin(), call_.secret_headers.end(), [&](const std::string& h) {
        return beast::iequals(h, name);
      });
      headers[name] = secret ? "[redacted]" : std::string(f.value());
    }
    const std::string default_port = tls_ ? "443" : "80";
    json out = {{"method", call_.method},
                {"url", url_.scheme + "://" + url_.host + (url_.port == default_port ? "" : ":" + url_.port) + std::string(req_.target())},
                {"headers", std::move(headers)}};
    if (call_.body) {
      if (req_.body().size() <= max_shown_body) out["body"] = *call_.body;
      else out["body"] = "(" + std::to_string(req_.body().size()) + " bytes, not kept)";
    }
    return out;
  }

  step_result answer() {
    auto& res = parser_.get();
    const int status = static_cast<int>(res.result_int());
    json response_headers = json::object();
    for (const auto& f : res) response_headers[std::string(f.name_string())] = std::string(f.value());
    json response_body = res.body();
    const std::string content_type(res[bhttp::field::content_type]);
    if (call_.response_type == "json" || (call_.response_type == "auto" && content_type.find("json") != std::string::npos)) {
      // Bounded like every JSON from outside: a server's answer nested 100,000 deep would
      // otherwise take the stack of whatever writes or renders it next. Not JSON enough: text.
      if (auto parsed = core::parse_json_input(res.body()); parsed.value) response_body = std::move(*parsed.value);
    }
    if (call_.fail_on_status && status >= 400) {
      return step_failure(status >= 500 ? "http_5xx" : "http_4xx", label_of(call_) + " answered " + std::to_string(status),
                          {{"status", status}, {"body", std::move(response_body)}, {"request", sent()}});
    }
    step_result r;
    r.output = {{"status", status}, {"headers", std::move(response_headers)}, {"body", std::move(response_body)},
                {"success", status >= 200 && status < 300}};
    return r;
  }

  // The one way out: on the strand, once.
  void finish(step_result r) {
    if (finished_) return;
    finished_ = true;
    if (call_.cancel) call_.cancel->clear();
    deadline_.cancel();
    resolver_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    std::exchange(done_, nullptr)(std::move(r));
  }

  net::strand<net::io_context::executor_type> strand_;
  tcp::resolver resolver_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  net::steady_timer deadline_;
  http_call call_;
  std::function<void(step_result)> done_;
  parsed_url url_;
  bool tls_ = false;
  bool finished_ = false;
  bhttp::request<bhttp::string_body> req_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
};

}  // namespace

bool parse_url(const std::string& url, parsed_url& out) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  out.scheme = url.substr(0, scheme_end);
  for (auto& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string rest = url.substr(scheme_end + 3);
  auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!out.target.empty() && out.target.front() == '?') out.target = "/" + out.target;
  if (authority.empty() || authority.find('@') != std::string::npos) return false;
  if (authority.front() == '[') {  // [v6]:port
    auto close = authority.find(']');
    if (close == std::string::npos) return false;
    out.host = authority.substr(1, close - 1);
    out.port = close + 2 <= authority.size() && authority[close + 1] == ':' ? authority.substr(close + 2) : "";
  } else {
    auto colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    out.port = colon == std::string::npos ? "" : authority.substr(colon + 1);
  }
  if (out.port.empty()) out.port = out.scheme == "https" ? "443" : "80";
  if (out.port.size() > 5) return false;
  for (char c : out.port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !out.host.empty() && std::stoul(out.port) <= 65535;
}

std::string url_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void send_http(http_call call, std::function<void(step_result)> done) {
  auto x = std::make_shared<exchange>(shared_client().io(), std::move(call));
  if (auto refused = x->prepare()) {
    // No I/O began; answer on a client thread all the same, as the header promises.
    net::post(shared_client().io(), [done = std::move(done), r = std::move(*refused)]() mutable { done(std::move(r)); });
    return;
  }
  x->start(std::move(done));
}

step_result wait_for(step_start start) {
  if (auto* r = std::get_if<step_result>(&start)) return std::move(*r);
  auto& pending = std::get<pending_call>(start);
  std::promise<step_result> answered;
  auto answer = answered.get_future();
  send_http(std::move(pending.call), [&answered](step_result r) { answered.set_value(std::move(r)); });
  step_result r = answer.get();
  return pending.then ? pending.then(std::move(r)) : r;
}

}  // namespace weft::nodes
