// `weft serve` as a child process for tests: the real binary on an OS-chosen port with a
// known JWT secret, its stdout captured until it says where it listens; kill -9 by default
// when the test is done with it.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/shell.hpp"

namespace weft::testing {

inline const std::string secret = "serve-test-secret-0123456789";

// A running `weft serve` child with its stdout captured. It is killed when the thread that
// started it ends (PR_SET_PDEATHSIG): start it from a thread that outlives its use.
class served {
 public:
  served(const std::string& data, std::vector<std::string> extra = {}, bool with_secret = true) {
    // Everything the child needs is made before fork(): in a test with other threads the
    // child may only make async-signal-safe calls (no malloc, no setenv) until it execs.
    std::vector<std::string> args = {weft_binary(), "serve", "--data", data};
    // An OS-chosen port unless the test names one (a cluster file lists its nodes' ports).
    if (std::find(extra.begin(), extra.end(), "--listen") == extra.end()) args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    // Not limited by a plan unless the test asks for one.
    if (std::find(extra.begin(), extra.end(), "--default-tier") == extra.end()) {
      args.insert(args.end(), {"--default-tier", "enterprise"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).rfind("WEFT_JWT_SECRET=", 0) != 0) env.emplace_back(*e);
    }
    if (with_secret) env.push_back("WEFT_JWT_SECRET=" + secret);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    // Its log goes to WEFT_SERVED_LOG when set (to debug a test), else nowhere.
    const char* log = std::getenv("WEFT_SERVED_LOG");
    const int err = log ? ::open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    int out[2];
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);  // no other child inherits it
    pid_ = fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed or crashed test takes its server with it
      dup2(out[1], STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    ::close(err);
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[4096];
    while (std::fgets(line, sizeof line, out_)) {
      output_ += line;
      if (auto p = output_.find("listening on 127.0.0.1:"); p != std::string::npos && port_ == 0) {
        port_ = static_cast<std::uint16_t>(std::stoi(output_.substr(p + 23)));
        if (extra.empty() || std::find(extra.begin(), extra.end(), "--dev") == extra.end()) break;
      }
      if (output_.find("Try:") != std::string::npos) {
        if (std::fgets(line, sizeof line, out_)) output_ += line;
        break;
      }
    }
  }
  ~served() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_) std::fclose(out_);
  }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& output() const { return output_; }
  int stop(int signal_number) {
    kill(pid_, signal_number);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string output_;
  std::uint16_t port_ = 0;
};

inline std::string run_token(const std::string& args, bool with_secret = true) {
  std::string out = testing::shell((with_secret ? "WEFT_JWT_SECRET=" + secret + " " : "env -u WEFT_JWT_SECRET ") +
                                   weft_binary() + " token " + args + " 2>&1")
                        .out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace weft::testing
