// A coordinator's door to the cluster (SPEC §9, docs/cluster.md), published on its cluster
// port through CAF's middleman: workers join through it (their protocol version checked),
// and it serves them what their steps need from this node — the definition of a plan an
// attempt names, a tenant's secret, a custom component's registration. A worker whose
// connection is lost leaves the pool; its attempts are placed again by their supervisors.
// Other coordinators join it too: it hands them this node's hub and reads them events of the
// executions this node owns from its log; on the catalogue's home it tells them of each new
// catalogue write, hands them the writes they lack, and keeps the record collections their
// steps read and write (docs/cluster.md).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace weft::nodes {
struct step_environment;
}

namespace weft::storage {
class database;
class event_log;
class record_store;
}

namespace weft::actors {

class worker_pool;

struct door_options {
  std::shared_ptr<worker_pool> pool;                            // where joined workers go
  std::shared_ptr<const nodes::step_environment> environment;   // what workers' steps may ask for; may be null
  std::string name;                                             // this node's, answered to a joining worker
  caf::actor hub;                                               // handed to joining coordinators
  const storage::event_log* events = nullptr;                   // read for other coordinators' replays
  storage::database* catalogue = nullptr;                       // set on the catalogue's home: followers pull from it
  storage::record_store* records = nullptr;                     // set on the catalogue's home: the cluster's record collections
  /// One line for the node's log (level, message, fields as JSON text); null: nowhere.
  std::function<void(const std::string& level, const std::string& message)> log = nullptr;
};

[[nodiscard]] caf::actor spawn_cluster_door(caf::actor_system& sys, door_options options);

}  // namespace weft::actors
