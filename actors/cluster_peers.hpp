// The other coordinators of a sharded cluster as this one knows them (SPEC §9,
// docs/cluster.md): for each, its door and its hub once it joined, nothing while it is away.
// connect_to_peers() keeps it current: a connector per peer joins its door, watches it, and
// when the connection is lost tries again every second. Read by the event feed (a
// subscription to an execution another coordinator owns subscribes to that owner's hub and
// replays from its door) and GET /api/cluster. Safe from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "core/cluster_map.hpp"

namespace weft::actors {

class cluster_peers {
 public:
  struct peer {
    std::string name;
    caf::actor door;
    caf::actor hub;
  };

  /// The peer named `name` while it is connected.
  [[nodiscard]] std::optional<peer> find(const std::string& name) const;
  /// Every peer connected now.
  [[nodiscard]] std::vector<peer> connected() const;

  void up(peer p);
  void down(const std::string& name);
  /// Calls `joined` with each peer that comes up from now on, after find() and connected()
  /// know it (on the connector's thread: it must be quick).
  void on_up(std::function<void(const peer&)> joined);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, peer> peers_;
  std::vector<std::function<void(const peer&)>> on_up_;
};

/// Whether coordinator `p` holds execution `id` of `tenant` (its log has a first event),
/// asked through its door and waited for, at most `timeout`; nullopt when it did not answer.
[[nodiscard]] std::optional<bool> peer_holds_execution(caf::actor_system& sys, const cluster_peers::peer& p,
                                                       const std::string& tenant, const std::string& id,
                                                       std::chrono::milliseconds timeout);

/// Starts a connector for every coordinator of `map` but this one, and returns them: send them
/// an exit before the actor system goes. `log` gets a line per join and loss (level,
/// message); may be null. `catalogue_follower` (on a node that is not the catalogue's home)
/// is announced to the home when it joins it, and nudged then to catch up.
[[nodiscard]] std::vector<caf::actor> connect_to_peers(caf::actor_system& sys, const core::cluster_map& map,
                                                       std::shared_ptr<cluster_peers> peers,
                                                       std::function<void(const std::string& level, const std::string& message)> log,
                                                       caf::actor catalogue_follower = nullptr);

}  // namespace weft::actors
