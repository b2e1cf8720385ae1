// One connection per attempt, asynchronous Beast operations on a private io_context run for
// at most the timeout: Beast's synchronous calls ignore timeouts, these cannot hang. https
// verifies the server's certificate and host name against the system's trusted CAs
// (OpenSSL's defaults, so SSL_CERT_FILE / SSL_CERT_DIR add private CAs) and sends SNI.
#include "nodes/http_step.hpp"

#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/expr/expression.hpp"
#include "core/expr/template_string.hpp"
#include "core/expr/value_ops.hpp"
#include "nodes/tls_client.hpp"

namespace weft::nodes {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;

constexpr std::int64_t default_timeout_ms = 30'000;
constexpr std::size_t max_response_bytes = 16 * 1024 * 1024;

std::string url_encode(const std::string& s) {
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

std::int64_t timeout_of(const step_context& ctx) {
  const json& config = ctx.step->config;
  if (auto t = config.find("timeout_ms"); t != config.end()) {
    if (t->is_number_integer()) return t->get<std::int64_t>();
    if (t->is_string()) {
      auto e = core::expr::expression::compile(t->get<std::string>());
      if (e) {
        auto v = e.value().evaluate(*ctx.context);
        if (v && v.value().is_number()) return static_cast<std::int64_t>(v.value().get<double>());
      }
    }
  }
  if (ctx.step->timeout_ms) return *ctx.step->timeout_ms;
  return default_timeout_ms;
}

// Sends `req` on a connected (and, for TLS, handshaken) stream and reads the answer.
template <class Stream>
void exchange(Stream& stream, bhttp::request<bhttp::string_body>& req, beast::flat_buffer& buffer,
              bhttp::response_parser<bhttp::string_body>& parser, beast::error_code& failure, bool& done) {
  bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      return;
    }
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
      failure = ec;
      done = !ec;
    });
  });
}

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
  for (char c : out.port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !out.host.empty();
}

step_result run_http_step(const step_context& ctx, const std::string& idempotency_key) {
  const json& config = ctx.step->config;
  std::string why;
  json url_value, headers, query, body;
  if (!render_templates(config.value("url", json("")), ctx, url_value, why)) return step_failure("expression_error", "url: " + why);
  if (!render_templates(config.value("headers", json::object()), ctx, headers, why)) return step_failure("expression_error", "headers: " + why);
  if (!render_templates(config.value("query", json::object()), ctx, query, why)) return step_failure("expression_error", "query: " + why);
  http_call call;
  call.cancel = ctx.cancel;
  if (config.contains("body")) {
    if (!render_templates(config["body"], ctx, body, why)) return step_failure("expression_error", "body: " + why);
    call.body = std::move(body);
  }
  call.method = config.value("method", "GET");
  call.url = core::expr::display_string(url_value);
  call.headers = std::move(headers);
  call.query = std::move(query);
  call.fail_on_status = config.value("fail_on_status", true);
  call.response_type = config.value("response_type", "auto");
  call.timeout_ms = timeout_of(ctx);
  return send_http(call, idempotency_key);
}

step_result send_http(const http_call& call, const std::string& idempotency_key) {
  const std::string& method = call.method;
  const json& headers = call.headers;
  const json& query = call.query;
  const bool has_body = call.body.has_value();
  const bool fail_on_status = call.fail_on_status;
  const std::string& response_type = call.response_type;
  const std::int64_t timeout_ms = call.timeout_ms;

  parsed_url url;
  const std::string& url_text = call.url;
  if (!parse_url(url_text, url)) return step_failure("invalid_url", "not an absolute URL: '" + url_text.substr(0, 200) + "'");
  if (url.scheme != "http" && url.scheme != "https") {
    return step_failure("unsupported_scheme", "only http:// and https:// URLs are supported");
  }
  const bool tls = url.scheme == "https";
  std::string target = url.target;
  if (query.is_object() && !query.empty()) {
    target += target.find('?') == std::string::npos ? '?' : '&';
    bool first = true;
    for (const auto& [k, v] : query.items()) {
      if (!first) target += '&';
      first = false;
      target += url_encode(k) + "=" + url_encode(core::expr::display_string(v));
    }
  }

  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, tls_client_context());
  if (tls) {
    // SNI, and the certificate must name the host.
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      return step_failure("tls_error", "cannot set the TLS server name '" + url.host.substr(0, 200) + "'");
    }
    stream.set_verify_callback(net::ssl::host_name_verification(url.host));
  }
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  if (req.method() == bhttp::verb::unknown) return step_failure("invalid_config", "unknown method " + method);
  req.set(bhttp::field::host, url.host + (url.port == (tls ? "443" : "80") ? "" : ":" + url.port));
  req.set(bhttp::field::user_agent, "weft");
  req.set("Idempotency-Key", idempotency_key);
  if (headers.is_object()) {
    for (const auto& [k, v] : headers.items()) req.set(k, core::expr::display_string(v));
  }
  if (has_body) {
    const json& body = *call.body;
    req.body() = body.is_string() ? body.get<std::string>() : body.dump();
    if (!headers.contains("Content-Type") && !headers.contains("content-type")) {
      req.set(bhttp::field::content_type, body.is_string() ? "text/plain; charset=utf-8" : "application/json");
    }
  }
  req.prepare_payload();

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_response_bytes);
  beast::error_code failure_ec;
  bool done = false;
  const auto started = std::chrono::steady_clock::now();
  bool handshake_failed = false;
  auto& tcp_stream = beast::get_lowest_layer(stream);
  tcp_stream.expires_after(std::chrono::milliseconds(timeout_ms));
  resolver.async_resolve(url.host, url.port, [&](beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) {
      failure_ec = ec;
      return;
    }
    tcp_stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) {
        failure_ec = ec;
        return;
      }
      if (!tls) return exchange(tcp_stream, req, buffer, parser, failure_ec, done);
      stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code ec) {
        if (ec) {
          failure_ec = ec;
          handshake_failed = true;
          return;
        }
        exchange(stream, req, buffer, parser, failure_ec, done);
      });
    });
  });
  // An abandoned attempt (its execution ended, its timeout passed) closes the connection
  // rather than finish a call no one waits for.
  bool cancelled = false;
  if (call.cancel) {
    call.cancel->on_cancel([&] {
      net::post(ioc, [&] {
        cancelled = true;
        resolver.cancel();
        beast::error_code ignored;
        tcp_stream.socket().close(ignored);
      });
    });
  }
  ioc.run_for(std::chrono::milliseconds(timeout_ms + 100));
  if (call.cancel) call.cancel->clear();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  if (cancelled) return step_failure("cancelled", method + " " + url_text.substr(0, 200) + ": the attempt was abandoned");
  if (!done) {
    if (handshake_failed && failure_ec != beast::error::timeout) {
      return step_failure("tls_error", method + " " + url_text.substr(0, 200) + ": TLS handshake failed: " + failure_ec.message());
    }
    if (failure_ec == beast::error::timeout || !failure_ec || elapsed >= std::chrono::milliseconds(timeout_ms)) {
      return step_failure("timeout", method + " " + url_text.substr(0, 200) + " took longer than " + std::to_string(timeout_ms) + " ms");
    }
    return step_failure("connection_error", method + " " + url_text.substr(0, 200) + ": " + failure_ec.message());
  }

  auto& res = parser.get();
  const int status = static_cast<int>(res.result_int());
  json response_headers = json::object();
  for (const auto& f : res) response_headers[std::string(f.name_string())] = std::string(f.value());
  json response_body = res.body();
  const std::string content_type(res[bhttp::field::content_type]);
  if (response_type == "json" || (response_type == "auto" && content_type.find("json") != std::string::npos)) {
    auto parsed = json::parse(res.body(), nullptr, false);
    if (!parsed.is_discarded()) response_body = std::move(parsed);
  }
  step_result r;
  r.output = {{"status", status}, {"headers", response_headers}, {"body", response_body}, {"success", status >= 200 && status < 300}};
  if (fail_on_status && status >= 400) {
    return step_failure(status >= 500 ? "http_5xx" : "http_4xx", method + " " + url_text.substr(0, 200) + " answered " + std::to_string(status),
                   {{"status", status}, {"body", response_body}});
  }
  return r;
}

}  // namespace weft::nodes
