#include "app/worker_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <ostream>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/engine_error.hpp"
#include "actors/messages.hpp"
#include "actors/step_runner.hpp"
#include "actors/system_config.hpp"
#include "app/process_setup.hpp"
#include "core/worker_label.hpp"

namespace weft::app {
namespace {

enum class joined { yes, refused, unreachable };

// Connects to the door and joins; the door, when joined.
joined join(caf::actor_system& sys, const worker_options& o, const std::string& host, std::uint16_t port, caf::actor& door,
            caf::actor& runner, std::ostream& out, std::ostream& err) {
  auto remote = sys.middleman().remote_actor(host, port);
  if (!remote) return joined::unreachable;
  door = *remote;
  runner = actors::spawn_step_runner(sys, door);
  const std::uint32_t protocol = o.protocol ? o.protocol : actors::cluster_protocol_version;
  joined result = joined::unreachable;
  caf::scoped_actor self{sys};
  self->request(door, std::chrono::seconds(10), actors::worker_join{protocol, o.name, o.slots, o.labels, runner})
      .receive(
          [&](std::string& coordinator) {
            out << "weft worker '" << o.name << "' joined " << coordinator << " at " << host << ":" << port << " with "
                << o.slots << " slots" << std::endl;
            result = joined::yes;
          },
          [&](caf::error& e) {
            if (actors::engine_code(e) == actors::engine_errc::incompatible_peer) {
              err << "weft worker: the coordinator refused this worker: " << sys.render(e) << "\n";
              result = joined::refused;
            }
          });
  if (result != joined::yes) caf::anon_send_exit(runner, caf::exit_reason::user_shutdown);
  return result;
}

}  // namespace

int run_worker(const worker_options& given, std::ostream& out, std::ostream& err) {
  ::signal(SIGPIPE, SIG_IGN);
  worker_options o = given;
  std::string host;
  std::uint16_t port = 0;
  if (!split_host_port(o.join, host, port) || port == 0) {
    err << "weft worker: --join must be HOST:PORT of a coordinator's --cluster-listen, got '" << o.join << "'\n";
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

  actors::system_config config;
  caf::actor_system sys{config};
  caf::actor door, runner;
  bool announced_wait = false;
  // Joins, then watches the door: when it goes (the coordinator stopped, or the connection was
  // cut), joins again. A stop signal ends the loop between checks.
  for (;;) {
    if (!door) {
      switch (join(sys, o, host, port, door, runner, out, err)) {
        case joined::refused:
          return 2;
        case joined::unreachable:
          door = nullptr;
          if (!announced_wait) {
            err << "weft worker: no coordinator at " << o.join << " yet; trying every second\n";
            announced_wait = true;
          }
          break;
        case joined::yes:
          announced_wait = false;
          break;
      }
    }
    const timespec every{1, 0};
    if (sigtimedwait(&stop_signals, nullptr, &every) >= 0) break;
    if (door) {
      // The door's node is gone when a request to it fails at once with a dead connection.
      bool alive = false;
      caf::scoped_actor self{sys};
      self->request(door, std::chrono::seconds(5), actors::plan_request{""})
          .receive([&](bool, std::string&) { alive = true; }, [&](caf::error&) {});
      if (!alive) {
        err << "weft worker: lost the coordinator at " << o.join << "; joining again when it is back\n";
        caf::anon_send_exit(runner, caf::exit_reason::user_shutdown);
        door = nullptr;
        runner = nullptr;
      }
    }
  }
  if (runner) caf::anon_send_exit(runner, caf::exit_reason::user_shutdown);
  return 0;
}

}  // namespace weft::app
