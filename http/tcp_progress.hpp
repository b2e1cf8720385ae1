// How much a TCP connection's peer has done, as the kernel counts it: the bytes it
// acknowledged plus the bytes it sent. It grows while the peer takes what is written or says
// anything; a frozen or vanished peer leaves it still (see peer_liveness.hpp).
#pragma once

#include <cstdint>
#include <optional>

namespace weft::http {

/// Linux TCP_INFO's bytes_acked + bytes_received for a connected socket; nullopt when the
/// kernel cannot tell (the socket is closed).
std::optional<std::uint64_t> tcp_bytes_exchanged(int socket_fd);

}  // namespace weft::http
