#include "actors/coordinator_link.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/door_connect.hpp"
#include "actors/engine_error.hpp"
#include "actors/step_runner.hpp"

namespace weft::actors {
namespace {

using try_atom = caf::atom_constant<caf::atom("try")>;

struct link_state {
  static inline const char* name = "weft.coordinator_link";
  caf::actor door;    // the coordinator's, while joined
  caf::actor runner;  // offered to it, while joined
  bool said_away = false;  // "no coordinator yet" is said once per absence
};

using link_actor = caf::stateful_actor<link_state>;

void drop_runner(link_actor* self) {
  if (self->state.runner) caf::anon_send_exit(self->state.runner, caf::exit_reason::user_shutdown);
  self->state.runner = nullptr;
  self->state.door = nullptr;
}

caf::behavior coordinator_link(link_actor* self, coordinator_link_options o) {
  auto say = [log = o.log](const std::string& level, const std::string& message) {
    if (log) log(level, message);
  };
  self->set_exit_handler([self](caf::exit_msg& exit) {
    drop_runner(self);
    self->quit(exit.reason);
  });
  self->set_down_handler([=](caf::down_msg& down) {
    if (!self->state.door || down.source != self->state.door.address()) return;
    say("warn", "lost the coordinator at " + o.address + "; joining again when it is back");
    drop_runner(self);
    self->send(self, try_atom::value);
  });
  self->send(self, try_atom::value);
  auto away = [=] {
    if (!self->state.said_away) say("warn", "no coordinator at " + o.address + " yet; trying every second");
    self->state.said_away = true;
    self->delayed_send(self, std::chrono::seconds(1), try_atom::value);
  };
  // Offers the door a runner; joined, the link watches the door.
  auto join = [=](caf::actor door) {
    caf::actor runner = spawn_step_runner(self->system(), door);
    const std::uint32_t protocol = o.protocol ? o.protocol : cluster_protocol_version;
    self->request(door, std::chrono::seconds(10), worker_join{protocol, o.name, o.slots, o.labels, runner})
        .then(
            [=](std::string& coordinator) {
              self->monitor(door);
              self->state.door = door;
              self->state.runner = runner;
              self->state.said_away = false;
              say("info", "weft worker '" + o.name + "' joined " + coordinator + " at " + o.address + " with " +
                              std::to_string(o.slots) + " slots");
            },
            [=](caf::error& e) {
              caf::anon_send_exit(runner, caf::exit_reason::user_shutdown);
              if (engine_code(e) == engine_errc::incompatible_peer) {
                const std::string why = "the coordinator at " + o.address + " refused this worker: " + self->system().render(e);
                say("error", why);
                if (o.refused) o.refused(why);
                return;
              }
              self->delayed_send(self, std::chrono::seconds(1), try_atom::value);
            });
  };
  return {
      [=](try_atom) { connect_to_door(self, o.address, join, away); },
  };
}

}  // namespace

caf::actor spawn_coordinator_link(caf::actor_system& sys, coordinator_link_options options) {
  return sys.spawn(coordinator_link, std::move(options));
}

}  // namespace weft::actors
