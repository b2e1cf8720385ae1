#include "actors/cluster_peers.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/door_connect.hpp"
#include "actors/engine_error.hpp"
#include "actors/messages.hpp"

namespace weft::actors {

std::optional<cluster_peers::peer> cluster_peers::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = peers_.find(name);
  if (it == peers_.end()) return std::nullopt;
  return it->second;
}

std::vector<cluster_peers::peer> cluster_peers::connected() const {
  std::lock_guard lock(mutex_);
  std::vector<peer> out;
  for (const auto& [name, p] : peers_) out.push_back(p);
  return out;
}

void cluster_peers::up(peer p) {
  std::vector<std::function<void(const peer&)>> listeners;
  {
    std::lock_guard lock(mutex_);
    peers_[p.name] = p;
    listeners = on_up_;
  }
  for (const auto& joined : listeners) joined(p);
}

void cluster_peers::on_up(std::function<void(const peer&)> joined) {
  std::lock_guard lock(mutex_);
  on_up_.push_back(std::move(joined));
}

void cluster_peers::down(const std::string& name) {
  std::lock_guard lock(mutex_);
  peers_.erase(name);
}

std::optional<bool> peer_holds_execution(caf::actor_system& sys, const cluster_peers::peer& p, const std::string& tenant,
                                         const std::string& id, std::chrono::milliseconds timeout) {
  std::optional<bool> held;
  caf::scoped_actor self{sys};
  self->request(p.door, timeout, events_request{tenant, id, 0, 1})
      .receive([&](std::vector<wire_event>& first) { held = !first.empty(); }, [](caf::error&) {});
  return held;
}

namespace {

using try_atom = caf::atom_constant<caf::atom("try")>;

using log_fn = std::function<void(const std::string& level, const std::string& message)>;

struct connector_state {
  static inline const char* name = "weft.peer_connector";
  caf::actor door;     // the peer's, while joined
  bool said_away = false;  // "not reachable yet" is logged once per absence
};

using connector_actor = caf::stateful_actor<connector_state>;

// One per peer. Connecting is the middleman actor's (`connect_atom`, answered once the peer's
// host answered), so the connector holds no thread while a host is slow.
caf::behavior connector(connector_actor* self, core::coordinator target, std::string own_name,
                        std::shared_ptr<cluster_peers> peers, log_fn log, caf::actor catalogue_follower) {
  auto say = [log](const std::string& level, const std::string& message) {
    if (log) log(level, message);
  };
  self->set_down_handler([=](caf::down_msg& down) {
    if (!self->state.door || down.source != self->state.door.address()) return;
    peers->down(target.name);
    self->state.door = nullptr;
    say("warn", "lost coordinator '" + target.name + "' at " + target.cluster + "; joining again when it is back");
    self->send(self, try_atom::value);
  });
  auto away = [=] {
    if (!self->state.said_away) say("info", "coordinator '" + target.name + "' not reachable at " + target.cluster + " yet");
    self->state.said_away = true;
    self->delayed_send(self, std::chrono::seconds(1), try_atom::value);
  };
  auto join = [=](caf::actor door) {
    self->request(door, std::chrono::seconds(10), coordinator_join{cluster_protocol_version, own_name, catalogue_follower})
        .then(
            [=](caf::actor& hub) {
              self->monitor(door);
              self->state.door = door;
              self->state.said_away = false;
              peers->up({target.name, door, std::move(hub)});
              say("info", "joined coordinator '" + target.name + "' at " + target.cluster);
              if (catalogue_follower) self->send(catalogue_follower, catalogue_changed{0});  // catch up
            },
            [=](caf::error& e) {
              say("warn", "coordinator '" + target.name + "' did not take this one: " + self->system().render(e));
              self->delayed_send(self, std::chrono::seconds(1), try_atom::value);
            });
  };
  self->send(self, try_atom::value);
  return {
      [=](try_atom) { connect_to_door(self, target.cluster, join, away); },
  };
}

}  // namespace

std::vector<caf::actor> connect_to_peers(caf::actor_system& sys, const core::cluster_map& map,
                                         std::shared_ptr<cluster_peers> peers, log_fn log, caf::actor catalogue_follower) {
  std::vector<caf::actor> connectors;
  for (const auto& c : map.coordinators()) {
    if (c.name == map.self().name) continue;
    // Only the home hears of the follower: the catalogue's writes come from there alone.
    caf::actor follower = &c == &map.home() ? catalogue_follower : caf::actor{};
    connectors.push_back(sys.spawn(connector, c, map.self().name, peers, log, follower));
  }
  return connectors;
}

}  // namespace weft::actors
