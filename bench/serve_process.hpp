// `weft serve` as a child process for the benchmarks that measure it as clients see it:
// the real binary on an OS-chosen port and a temporary data dir, stopped with SIGTERM.
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace weft::bench {

inline const char* const secret = "bench-secret-0123456789abcdef";

// `weft serve` in a child process, killed (SIGTERM) when this goes out of scope.
class server_process {
 public:
  server_process(const std::string& data, const std::string& sync, const std::vector<std::string>& extra = {}) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // an interrupted bench takes its server with it
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::freopen("/dev/null", "w", stderr);
      // WEFT_BENCH_SERVE_WRAPPER (words split on spaces) runs the server under a profiler,
      // e.g. "heaptrack -o /tmp/serve" (a wrapper may outlive SIGTERM: stop the server then).
      std::vector<std::string> args;
      if (const char* wrapper = std::getenv("WEFT_BENCH_SERVE_WRAPPER")) {
        std::istringstream words(wrapper);
        for (std::string word; words >> word;) args.push_back(word);
      }
      args.insert(args.end(), {WEFT_BINARY, "serve", "--listen", "127.0.0.1:0", "--data", data, "--sync", sync,
                               "--default-tier", "enterprise"});  // measured without a plan's limits
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    FILE* f = ::fdopen(out[0], "r");
    char line[512];
    while (f && std::fgets(line, sizeof line, f)) {
      const std::string text = line;
      if (auto p = text.find("workers join at 127.0.0.1:"); p != std::string::npos) {  // before "listening"
        cluster_port_ = static_cast<std::uint16_t>(std::stoi(text.substr(p + 26)));
      }
      if (auto p = text.find("listening on 127.0.0.1:"); p != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(text.substr(p + 23)));
        break;
      }
    }
    out_ = f;  // kept open: the server still writes to its stdout
  }
  ~server_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_) std::fclose(out_);
  }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// Where workers join, when started with --cluster-listen; else 0.
  [[nodiscard]] std::uint16_t cluster_port() const { return cluster_port_; }
  /// The child's resident set size in bytes (VmRSS), 0 when unknown.
  [[nodiscard]] std::size_t rss_bytes() const { return status_kb("VmRSS: %zu kB") * 1024; }
  /// The child's peak resident set size in bytes (VmHWM), 0 when unknown.
  [[nodiscard]] std::size_t peak_rss_bytes() const { return status_kb("VmHWM: %zu kB") * 1024; }
  /// The CPU time the child used so far, user and system, in seconds (/proc/PID/stat).
  [[nodiscard]] double cpu_seconds() const {
    char text[1024] = {};
    if (FILE* f = std::fopen(("/proc/" + std::to_string(pid_) + "/stat").c_str(), "r")) {
      text[std::fread(text, 1, sizeof text - 1, f)] = 0;
      std::fclose(f);
    }
    // After the command's closing parenthesis: the state (3rd field) … utime and stime (14th, 15th).
    const char* p = std::strrchr(text, ')');
    unsigned long utime = 0, stime = 0;
    if (!p || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) return 0;
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }

 private:
  [[nodiscard]] std::size_t status_kb(const char* format) const {
    std::size_t kb = 0;
    if (FILE* f = std::fopen(("/proc/" + std::to_string(pid_) + "/status").c_str(), "r")) {
      char line[256];
      while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, format, &kb) == 1) break;
      }
      std::fclose(f);
    }
    return kb;
  }

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t cluster_port_ = 0;
  FILE* out_ = nullptr;
};

/// A token of tenant "bench", with `extra` flags for `weft token` (e.g. "--role admin").
inline std::string token_for(const std::string& data, const std::string& extra = "") {
  const std::string cmd = std::string(WEFT_BINARY) + " token --tenant bench --user bench --data " + data + " " + extra;
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[1024];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace weft::bench
