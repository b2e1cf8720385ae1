// Running the real weft binary from tests: where it is, and a shell command's exit code and
// standard output. Header-only; POSIX.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace weft::testing {

/// CTest sets WEFT_BINARY; run by hand, the binary is found beside the test's build dir.
inline std::string weft_binary() {
  if (const char* env = std::getenv("WEFT_BINARY")) return env;
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "app" / "weft").string();
}

struct shell_result {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;     // standard output (redirect stderr in the command to capture it too)
};

inline shell_result shell(const std::string& command) {
  shell_result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// In a forked child: replaces the process with `args` (args[0] a path); exits 127 when
/// that fails.
[[noreturn]] inline void exec_or_exit(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

}  // namespace weft::testing
