// A small Server-Sent Events client for tests, on Boost.Beast (kept in sse_client.cpp):
// sends a GET with the given headers, reads the head, then the events one at a time with a
// deadline, as EventSource would parse them (id, event, data; comment lines skipped).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace weft::testing {

struct sse_event {
  std::string id;
  std::string event;
  std::string data;
};

class sse_client {
 public:
  sse_client(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers);
  ~sse_client();

  /// The response status (0 when the connection failed).
  [[nodiscard]] int status() const noexcept;
  /// A response header's value, or "".
  [[nodiscard]] std::string header(const std::string& name) const;
  /// The body of a response that is not a stream (an error envelope, say).
  [[nodiscard]] std::string body();
  /// The next event, or nullopt when none came in `timeout` or the stream ended.
  [[nodiscard]] std::optional<sse_event> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// True once the server ended the stream (the last chunk came).
  [[nodiscard]] bool ended() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace weft::testing
