// `weft worker` as a child process for tests: the real binary, its stdout and stderr read
// through one pipe, waited on for a line with a deadline; kill -9 by default when done.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/shell.hpp"

namespace weft::testing {

class worker_process {
 public:
  explicit worker_process(std::vector<std::string> args) {
    args.insert(args.begin(), {weft_binary(), "worker"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
    pid_ = fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(out[1], STDOUT_FILENO);
      dup2(out[1], STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    fd_ = out[0];
  }
  ~worker_process() {
    if (pid_ > 0) kill9();
    if (fd_ >= 0) close(fd_);
  }
  worker_process(const worker_process&) = delete;
  worker_process& operator=(const worker_process&) = delete;

  /// Reads its output until `text` appears at or after offset `from` (true) or `within`
  /// passes or it closes (false).
  bool wait_for(const std::string& text, std::chrono::milliseconds within = std::chrono::seconds(20), std::size_t from = 0) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (output_.find(text, from) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return false;
      output_.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }

  void kill9() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  /// Sends it `signal` and waits for it to end; its exit code (-1 when the signal ended it).
  int stop(int signal) {
    kill(pid_, signal);
    return exit_code();
  }
  /// Waits for it to end on its own; its exit code (-1 when a signal ended it).
  int exit_code() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  [[nodiscard]] const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
};

}  // namespace weft::testing
