// Whether a push connection's peer is still there, judged by progress rather than by a
// pong's round trip. A client reading slowly behind a backlog answers a ping only once it
// has read everything queued before it (more than a minute, in the soak), yet it takes bytes
// all along; a peer that vanished or stopped reading takes nothing. So: the kernel's count
// of bytes the peer acknowledged or sent (tcp_progress.hpp) is sampled every tick; still for
// `ping_every` with nothing being written, the connection sends a ping (an SSE comment),
// whose acknowledgement or pong is progress too; still for `dead_after`, it is closed.
// A slow reader is judged by its queue instead (the lagged notice, live_subscriptions.hpp).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace weft::http {

class peer_liveness {
 public:
  using clock = std::chrono::steady_clock;
  enum class verdict { alive, ping, dead };

  peer_liveness(std::chrono::milliseconds ping_every, std::chrono::milliseconds dead_after, clock::time_point now)
      : ping_every_(ping_every), dead_after_(dead_after), last_progress_(now), last_ping_(now) {}

  /// How often check() should run.
  [[nodiscard]] std::chrono::milliseconds tick() const {
    return std::max(std::chrono::milliseconds(10), std::min(ping_every_, dead_after_) / 2);
  }

  /// `exchanged`: the connection's counter now; `writing`: a write is queued or in flight.
  verdict check(clock::time_point now, std::uint64_t exchanged, bool writing) {
    if (exchanged != last_exchanged_) {
      last_exchanged_ = exchanged;
      last_progress_ = now;
    }
    if (now - last_progress_ >= dead_after_) return verdict::dead;
    if (!writing && now - last_progress_ >= ping_every_ && now - last_ping_ >= ping_every_) {
      last_ping_ = now;
      return verdict::ping;
    }
    return verdict::alive;
  }

 private:
  std::chrono::milliseconds ping_every_;
  std::chrono::milliseconds dead_after_;
  std::uint64_t last_exchanged_ = 0;
  clock::time_point last_progress_;
  clock::time_point last_ping_;
};

}  // namespace weft::http
