// A small WebSocket client for tests, on Boost.Beast (kept in ws_client.cpp): connects and
// upgrades with the given headers, sends text, and receives with a deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::testing {

class ws_client {
 public:
  /// Connects to 127.0.0.1:`port` and upgrades at `target`. connected() says whether it
  /// worked; status() is the HTTP status of a refused upgrade.
  ws_client(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers = {},
            int receive_buffer_bytes = 0);  // > 0: a small socket buffer, to play a slow client
  ~ws_client();

  [[nodiscard]] bool connected() const noexcept;
  [[nodiscard]] int refused_status() const noexcept;
  bool send(const nlohmann::json& message);
  bool send_text(const std::string& text);
  /// The next text message, or nullopt when none came in `timeout` or the server closed.
  [[nodiscard]] std::optional<nlohmann::json> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Messages until one whose "event" (or "type") is `name`, that one included.
  [[nodiscard]] std::vector<nlohmann::json> receive_until(const std::string& name,
                                                          std::chrono::milliseconds timeout = std::chrono::seconds(10));
  /// True once the server has closed the connection.
  [[nodiscard]] bool closed() const noexcept;
  /// How the connection ended, once closed(): Beast's message ("The WebSocket stream was
  /// gracefully closed", "Connection reset by peer", ...).
  [[nodiscard]] std::string end_reason() const;
  void close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace weft::testing
