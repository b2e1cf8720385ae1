#include "http/tcp_progress.hpp"

// glibc's <netinet/tcp.h> has an older struct tcp_info, without the byte counters; the
// kernel's own header has them (and this file includes nothing that brings glibc's).
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace weft::http {

std::optional<std::uint64_t> tcp_bytes_exchanged(int socket_fd) {
  tcp_info info{};
  socklen_t size = sizeof info;
  if (getsockopt(socket_fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return std::nullopt;
  return info.tcpi_bytes_acked + info.tcpi_bytes_received;
}

}  // namespace weft::http
