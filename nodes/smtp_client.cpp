// Each protocol step is an asynchronous Asio operation run on a private io_context until
// the dialogue's deadline: a silent server cannot hang the step's thread.
#include "nodes/smtp_client.hpp"

#include <chrono>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "nodes/base64.hpp"
#include "nodes/tls_client.hpp"

namespace weft::nodes {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

constexpr std::size_t max_reply_bytes = 64 * 1024;

struct reply {
  int code = 0;
  std::string text;  // every line, joined by '\n'
};

struct failure {
  std::string cause;
  std::string detail;
  int code = 0;
};

class session {
 public:
  session(const smtp_server& server) : server_(server), socket_(io_), deadline_(clock::now() + std::chrono::milliseconds(server.timeout_ms)) {}

  void connect() {
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    boost::system::error_code ec;
    run([&](auto done) { resolver.async_resolve(server_.host, server_.port, [&, done](auto e, auto results) { endpoints = results; done(e); }); },
        "connection_error", "resolving " + server_.host);
    run([&](auto done) { net::async_connect(socket_, endpoints, [done](auto e, const auto&) { done(e); }); }, "connection_error",
        "connecting to " + server_.host + ":" + server_.port);
    (void)ec;
    if (server_.tls == "tls") handshake();
  }

  void handshake() {
    tls_.emplace(socket_, tls_client_context());
    if (!SSL_set_tlsext_host_name(tls_->native_handle(), server_.host.c_str())) throw failure{"tls_error", "cannot set the TLS server name"};
    tls_->set_verify_callback(net::ssl::host_name_verification(server_.host));
    run([&](auto done) { tls_->async_handshake(net::ssl::stream_base::client, done); }, "tls_error", "TLS handshake with " + server_.host);
  }

  // Sends a command line (CRLF added) and reads the reply; `expect` is the class wanted
  // (2 for 2xx, 3 for 3xx); anything else fails with `cause`.
  reply command(const std::string& line, int expect, const std::string& cause = "rejected", const std::string& shown = "") {
    write(line + "\r\n");
    return expect_reply(expect, cause, shown.empty() ? line : shown);
  }

  reply expect_reply(int expect, const std::string& cause, const std::string& after) {
    reply r = read_reply();
    last_code_ = r.code;
    if (r.code / 100 != expect) throw failure{cause, after + ": the server answered " + r.text.substr(0, 500), r.code};
    return r;
  }

  void write(const std::string& data) {
    if (tls_) run([&](auto done) { net::async_write(*tls_, net::buffer(data), [done](auto e, std::size_t) { done(e); }); }, "connection_error", "writing");
    else run([&](auto done) { net::async_write(socket_, net::buffer(data), [done](auto e, std::size_t) { done(e); }); }, "connection_error", "writing");
  }

  // One reply: lines "250-..." continue, "250 ..." ends it.
  reply read_reply() {
    reply r;
    for (;;) {
      const std::string line = read_line();
      if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0]))) throw failure{"protocol_error", "not an SMTP reply: " + line.substr(0, 200)};
      r.code = std::stoi(line.substr(0, 3));
      if (!r.text.empty()) r.text += '\n';
      r.text += line;
      if (line.size() == 3 || line[3] != '-') return r;
    }
  }

  [[nodiscard]] int last_code() const noexcept { return last_code_; }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  std::string read_line() {
    auto buffer = net::dynamic_buffer(in_, max_reply_bytes);
    std::size_t n = 0;
    if (tls_) run([&](auto done) { net::async_read_until(*tls_, buffer, "\r\n", [&, done](auto e, std::size_t k) { n = k; done(e); }); }, "connection_error", "reading a reply");
    else run([&](auto done) { net::async_read_until(socket_, buffer, "\r\n", [&, done](auto e, std::size_t k) { n = k; done(e); }); }, "connection_error", "reading a reply");
    std::string line = in_.substr(0, n - 2);
    in_.erase(0, n);
    return line;
  }

  // Runs one asynchronous operation until it completes or the deadline passes.
  template <class Start>
  void run(Start start, const std::string& cause, const std::string& what) {
    bool finished = false;
    boost::system::error_code result;
    io_.restart();
    start([&](boost::system::error_code ec) {
      finished = true;
      result = ec;
    });
    io_.run_until(deadline_);
    if (!finished) {
      close();
      io_.restart();
      io_.run();  // lets the cancelled operation complete
      throw failure{"timeout", what + ": no answer within " + std::to_string(server_.timeout_ms) + " ms"};
    }
    if (result) throw failure{cause, what + ": " + result.message()};
  }

  const smtp_server& server_;
  net::io_context io_;
  tcp::socket socket_;
  std::optional<net::ssl::stream<tcp::socket&>> tls_;
  clock::time_point deadline_;
  std::string in_;
  int last_code_ = 0;
};

// DATA's body: a line starting with '.' gets another (RFC 5321 §4.5.2); ends with CRLF.CRLF.
std::string dot_stuffed(const std::string& message) {
  std::string out;
  out.reserve(message.size() + 64);
  bool line_start = true;
  for (char c : message) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  out += ".\r\n";
  return out;
}

bool advertises(const reply& ehlo, const std::string& keyword) {
  std::string upper = ehlo.text;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find(keyword) != std::string::npos;
}

}  // namespace

smtp_outcome send_mail(const smtp_server& server, const smtp_mail& mail) {
  session s(server);
  try {
    s.connect();
    s.expect_reply(2, "rejected", "greeting");
    reply ehlo = s.command("EHLO weft", 2);
    if (server.tls == "starttls") {
      if (!advertises(ehlo, "STARTTLS")) throw failure{"tls_error", "the server does not offer STARTTLS", s.last_code()};
      s.command("STARTTLS", 2, "tls_error");
      s.handshake();
      ehlo = s.command("EHLO weft", 2);
    }
    if (!server.username.empty()) {
      if (advertises(ehlo, "PLAIN")) {
        s.command("AUTH PLAIN " + base64(std::string(1, '\0') + server.username + std::string(1, '\0') + server.password), 2, "auth_failed",
                  "AUTH PLAIN");
      } else {
        s.command("AUTH LOGIN", 3, "auth_failed");
        s.command(base64(server.username), 3, "auth_failed", "AUTH LOGIN user");
        s.command(base64(server.password), 2, "auth_failed", "AUTH LOGIN password");
      }
    }
    s.command("MAIL FROM:<" + mail.from + ">", 2);
    for (const auto& to : mail.recipients) s.command("RCPT TO:<" + to + ">", 2);
    s.command("DATA", 3);
    s.write(dot_stuffed(mail.message));
    s.expect_reply(2, "rejected", "the message");
    try {
      s.command("QUIT", 2);
    } catch (const failure&) {
      // The mail is accepted; a rude goodbye changes nothing.
    }
    s.close();
    return {true, "", "", 250};
  } catch (const failure& f) {
    s.close();
    return {false, f.cause, f.detail, f.code};
  }
}

}  // namespace weft::nodes
