// A small blocking HTTP/1.1 client for tests, on Boost.Beast (kept in http_client.cpp):
// one connection per request, plus a raw mode that sends arbitrary bytes.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::testing {

struct http_reply {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  [[nodiscard]] nlohmann::json json() const;
  [[nodiscard]] std::string header(const std::string& name) const;
};

class http_client {
 public:
  explicit http_client(std::uint16_t port, std::string host = "127.0.0.1") : port_(port), host_(std::move(host)) {}

  [[nodiscard]] http_reply request(const std::string& method, const std::string& target, const std::string& body = "",
                                   const std::map<std::string, std::string>& headers = {}) const;
  /// Sends `bytes` as they are and returns whatever comes back before the server closes
  /// the connection or `timeout_ms` passes.
  [[nodiscard]] std::string raw(const std::string& bytes, int timeout_ms = 2000) const;

 private:
  std::uint16_t port_;
  std::string host_;
};

}  // namespace weft::testing
