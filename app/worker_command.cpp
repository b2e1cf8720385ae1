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

// One coordinator this worker serves: its door and the runner offered to it, while joined.
struct coordinator_link {
  std::string address;
  std::string host;
  std::uint16_t port = 0;
  caf::actor door;
  caf::actor runner;
  bool announced_wait = false;  // "no coordinator yet" is said once per absence
};

// Connects to the door and joins; sets link.door and link.runner when joined.
joined join(caf::actor_system& sys, const worker_options& o, coordinator_link& link, std::ostream& out, std::ostream& err) {
  auto remote = sys.middleman().remote_actor(link.host, link.port);
  if (!remote) return joined::unreachable;
  caf::actor door = *remote;
  caf::actor runner = actors::spawn_step_runner(sys, door);
  const std::uint32_t protocol = o.protocol ? o.protocol : actors::cluster_protocol_version;
  joined result = joined::unreachable;
  caf::scoped_actor self{sys};
  self->request(door, std::chrono::seconds(10), actors::worker_join{protocol, o.name, o.slots, o.labels, runner})
      .receive(
          [&](std::string& coordinator) {
            out << "weft worker '" << o.name << "' joined " << coordinator << " at " << link.address << " with " << o.slots
                << " slots" << std::endl;
            result = joined::yes;
          },
          [&](caf::error& e) {
            if (actors::engine_code(e) == actors::engine_errc::incompatible_peer) {
              err << "weft worker: the coordinator at " << link.address << " refused this worker: " << sys.render(e) << "\n";
              result = joined::refused;
            }
          });
  if (result != joined::yes) {
    caf::anon_send_exit(runner, caf::exit_reason::user_shutdown);
    return result;
  }
  link.door = std::move(door);
  link.runner = std::move(runner);
  return result;
}

}  // namespace

int run_worker(const worker_options& given, std::ostream& out, std::ostream& err) {
  ::signal(SIGPIPE, SIG_IGN);
  worker_options o = given;
  std::vector<coordinator_link> links;
  for (const auto& address : o.join) {
    coordinator_link link;
    link.address = address;
    if (!split_host_port(address, link.host, link.port) || link.port == 0) {
      err << "weft worker: --join must be HOST:PORT of a coordinator's --cluster-listen, got '" << address << "'\n";
      return 2;
    }
    links.push_back(std::move(link));
  }
  if (links.empty()) {
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

  actors::system_config config;
  caf::actor_system sys{config};
  // Watches the doors joined: a door whose node goes away (stopped, killed, cut off) is seen
  // through its down message at once; the link is then joined again once its node is back.
  caf::scoped_actor watcher{sys};
  for (;;) {
    for (auto& link : links) {
      if (link.door) continue;
      switch (join(sys, o, link, out, err)) {
        case joined::refused:
          for (auto& l : links) {
            if (l.runner) caf::anon_send_exit(l.runner, caf::exit_reason::user_shutdown);
          }
          return 2;
        case joined::unreachable:
          if (!link.announced_wait) {
            err << "weft worker: no coordinator at " << link.address << " yet; trying every second\n";
            link.announced_wait = true;
          }
          break;
        case joined::yes:
          link.announced_wait = false;
          watcher->monitor(link.door);
          break;
      }
    }
    // A second's wait for a lost door, then a look for a stop signal.
    watcher->receive(
        [&](caf::down_msg& down) {
          for (auto& link : links) {
            if (!link.door || link.door.address() != down.source) continue;
            err << "weft worker: lost the coordinator at " << link.address << "; joining again when it is back\n";
            caf::anon_send_exit(link.runner, caf::exit_reason::user_shutdown);
            link.door = nullptr;
            link.runner = nullptr;
          }
        },
        caf::after(std::chrono::seconds(1)) >> [] {});
    const timespec now{0, 0};
    if (sigtimedwait(&stop_signals, nullptr, &now) >= 0) break;
  }
  for (auto& link : links) {
    if (link.runner) caf::anon_send_exit(link.runner, caf::exit_reason::user_shutdown);
  }
  return 0;
}

}  // namespace weft::app
