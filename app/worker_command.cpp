// `weft worker`: reads its flags into a node in the worker role (app/node.hpp) and runs it
// until a stop signal, or until a coordinator refuses it.
#include "app/worker_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <ctime>
#include <ostream>

#include "app/node.hpp"
#include "app/process_setup.hpp"
#include "core/worker_label.hpp"

namespace weft::app {

int run_worker(const worker_options& given, std::ostream& out, std::ostream& err) {
  ::signal(SIGPIPE, SIG_IGN);
  worker_options o = given;
  for (const auto& address : o.join) {
    std::string host;
    std::uint16_t port = 0;
    if (!split_host_port(address, host, port) || port == 0) {
      err << "weft worker: --join must be HOST:PORT of a coordinator's --cluster-listen, got '" << address << "'\n";
      return 2;
    }
  }
  if (o.join.empty()) {
    err << "weft worker: --join names no coordinator\n";
    return 2;
  }
  if (o.slots == 0) {
    err << "weft worker: --slots must be at least 1\n";
    return 2;
  }
  for (const auto& label : o.labels) {
    if (!core::is_worker_label(label)) {
      err << "weft worker: --labels: '" << label
          << "' is not a label (1 to 63 of a-z, 0-9, _, . and -, starting with a letter or digit)\n";
      return 2;
    }
  }
  if (o.name.empty()) {
    char hostname[256] = {};
    ::gethostname(hostname, sizeof hostname - 1);
    o.name = std::string(hostname) + "/" + std::to_string(::getpid());
  }
  sigset_t stop_signals = block_stop_signals();

  node_options options;
  options.worker = worker_role{o.join, o.name, o.slots, o.labels, o.protocol};
  // Joined: a line on stdout; waiting, lost and refused: on stderr.
  options.log = [&out, &err](const std::string& level, const std::string& message, const nlohmann::json&) {
    if (level == "info") out << message << std::endl;
    else err << "weft worker: " << message << std::endl;
  };
  std::string why;
  auto node = node::open(std::move(options), why);
  if (!node) {
    err << "weft worker: " << why << "\n";
    return 1;
  }
  // Until a stop signal, or a coordinator refuses this worker (looked at four times a second).
  const timespec quarter_second{0, 250'000'000};
  while (sigtimedwait(&stop_signals, nullptr, &quarter_second) < 0) {
    if (node->refused()) return 2;
  }
  return 0;
}

}  // namespace weft::app
