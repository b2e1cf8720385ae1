// tests/support/smtp_sink.py as a child process: Debian's aiosmtpd on an OS-chosen port,
// reporting each message it accepts as a JSON line. Dies with the test (PR_SET_PDEATHSIG).
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/shell.hpp"

namespace weft::testing {

class smtp_sink {
 public:
  explicit smtp_sink(std::vector<std::string> options = {}) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      // Debian's python3, where python3-aiosmtpd lives (not a virtualenv's).
      std::vector<std::string> args = {"/usr/bin/python3", std::string(WEFT_SOURCE_DIR) + "/tests/support/smtp_sink.py"};
      args.insert(args.end(), options.begin(), options.end());
      exec_or_exit(std::move(args));
    }
    close(out[1]);
    fd_ = out[0];
    if (auto first = next_line(std::chrono::seconds(10))) {
      port_ = nlohmann::json::parse(*first, nullptr, false).value("port", 0);
    }
  }
  ~smtp_sink() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  smtp_sink(const smtp_sink&) = delete;
  smtp_sink& operator=(const smtp_sink&) = delete;

  /// 0 when the sink did not start (python3-aiosmtpd missing?).
  [[nodiscard]] std::uint16_t port() const { return port_; }

  /// The next message it accepted: { mail_from, rcpt_tos, content, tls, login }, or null.
  nlohmann::json next_message(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto line = next_line(timeout);
    return line ? nlohmann::json::parse(*line, nullptr, false) : nlohmann::json();
  }

 private:
  std::optional<std::string> next_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return std::nullopt;
      char chunk[4096];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string buffer_;
};

}  // namespace weft::testing
