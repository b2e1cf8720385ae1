// A small local HTTP server standing in for the outside world in tests: answers each
// request with what the test's handler says, optionally after a delay, and records every
// request it saw. One thread per connection; loopback only; stops on destruction. Plain HTTP,
// or HTTPS with a given certificate (see self_signed.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace weft::testing {

/// The name of every thread a stub runs (so a test counting the process's threads can
/// leave them out).
inline constexpr const char* stub_thread_name = "weft-stub";

struct stub_request {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct stub_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body = "{}";
  int delay_ms = 0;  // the stub's end cuts it short (the answer is then never sent)
};

/// PEM files of the certificate and key a TLS stub serves with.
struct stub_tls {
  std::string cert_file;
  std::string key_file;
};

class stub_server {
 public:
  using handler = std::function<stub_response(const stub_request&)>;
  explicit stub_server(handler h);
  /// Speaks HTTPS with `tls`'s certificate.
  stub_server(handler h, stub_tls tls);
  ~stub_server();
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::vector<stub_request> requests() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace weft::testing
