// One Weft node, composed in one place. `weft serve`, `weft run`, the test stacks and the
// benchmarks all build theirs with node::open; none wires actors, stores or routes itself.
//
// A node is built in layers, each on the one before (docs/architecture.md, "A node"):
//   storage      the RocksDB at `db_path`, the event log and the stores the writer keeps
//   runtime      the actor system: hub, log writer, engine                 (every role)
//   services     workflows, tenants, secrets, records, components, schedules (coordinator)
//   cluster      the door workers and peers join, the catalogue follower   (clustered coordinator)
//   front        the REST API, the WebSocket gateway, the console          (coordinator)
// A worker has none of these but the actor system: it links to coordinators (the worker
// role, below) and runs the attempts they send it.
//
// This header stays light (no CAF, Beast or RocksDB): what a node is made of is in
// app/node_parts.hpp, for the few that reach inside (tests, benchmarks).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/engine_options.hpp"
#include "core/cluster_map.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"

namespace weft::app {

struct node_parts;

/// Where a node says what happened: a level ("info", "warn", "error"), a message, and
/// fields for the structured log line.
using node_log = std::function<void(const std::string& level, const std::string& message, const nlohmann::json& fields)>;

/// A coordinator's cluster (docs/cluster.md): its door, its workers, its peers.
struct cluster_options {
  /// HOST:PORT of the door workers (and peer coordinators) join; port 0: the OS chooses.
  std::string listen;
  /// Every coordinator and its shards; empty: this node owns every execution.
  core::cluster_map map;
  /// Attempts this coordinator runs itself at once when workers are joined.
  std::size_t local_slots = 8;
  /// Step type (or "custom") -> the labels a worker needs to run its attempts.
  std::map<std::string, std::vector<std::string>> pins;
};

/// What makes a node a coordinator: the services and the HTTP/WebSocket front.
struct coordinator_options {
  /// The secret tokens are signed with (at least 16 bytes).
  std::string jwt_secret;
  /// Where the front listens, and its connection settings.
  http::server_options server;
  /// The plan of a tenant without settings of its own.
  std::string default_tier = "free";
  /// Tenant id -> settings (`--tenants`), written at start by the node that writes the catalogue.
  nlohmann::json tenants = nlohmann::json::object();
  /// Dev mode: the `dev` tenant is on the enterprise plan, and the console on a loopback
  /// address signs in by itself.
  bool dev = false;
  /// The console's built files; missing: `/` says how to build it.
  std::string console_dir;
  /// The version `/health` reports.
  std::string version = "dev";
  /// Set: this coordinator opens a cluster door (and joins its peers when `map` is clustered).
  std::optional<cluster_options> cluster;
};

/// What makes a node a worker (`weft worker`): the coordinators it serves, and what it offers.
struct worker_role {
  /// HOST:PORT of each coordinator's door.
  std::vector<std::string> join;
  /// In the coordinators' logs and GET /api/cluster.
  std::string name;
  /// Attempts at once, offered to each coordinator.
  std::uint32_t slots = 8;
  /// Steps pinned to a label go only to workers with it.
  std::vector<std::string> labels;
  /// Cluster protocol to announce; 0: this build's (tests announce another).
  std::uint32_t protocol = 0;
};

struct node_options {
  /// The node's RocksDB directory (not for a worker).
  std::string db_path;
  storage::sync_mode sync = storage::sync_mode::group;
  /// Below this much free disk the database refuses writes (0: no floor).
  std::uint64_t min_free_bytes = 0;
  /// The engine's settings. A coordinator fills in its tenants' plans, the step environment,
  /// the workers and the warnings itself.
  actors::engine_options engine;
  /// CAF's scheduler threads; 0: CAF's default.
  std::size_t actor_threads = 0;
  /// The clock of tenants' plans and schedules (tests move it).
  std::function<std::int64_t()> clock;
  /// Where the node logs; null: nowhere.
  node_log log;
  /// Set: a coordinator. Unset: the engine alone (`weft run`, engine tests and benchmarks).
  std::optional<coordinator_options> coordinator;
  /// Set: a worker, with no storage, engine or front: of the options above only
  /// `actor_threads` and `log` apply.
  std::optional<worker_role> worker;
};

class node {
 public:
  /// Builds and starts a node: storage opened, executions resumed, the front listening. Null
  /// with `why` when a part could not start (storage, a port, the schedules).
  [[nodiscard]] static std::unique_ptr<node> open(node_options options, std::string& why);
  /// Stops every part in order: the front, the schedules, the actors, then storage.
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  /// The front's port (0 without a front).
  [[nodiscard]] std::uint16_t http_port() const;
  /// HOST:PORT of the cluster door (empty without one).
  [[nodiscard]] std::string cluster_address() const;
  /// Whether a coordinator refused this worker (another protocol version): it should stop.
  [[nodiscard]] bool refused() const;
  /// Whether the console's files were found.
  [[nodiscard]] bool console_built() const;
  /// A token for `user` of `tenant` with `roles`, valid `ttl` (a coordinator's).
  [[nodiscard]] std::string issue_token(const std::string& user, const std::string& tenant, std::vector<std::string> roles,
                                        std::chrono::seconds ttl) const;

  /// What the node is made of (app/node_parts.hpp).
  [[nodiscard]] node_parts& parts() { return *parts_; }

 private:
  explicit node(std::unique_ptr<node_parts> parts);
  std::unique_ptr<node_parts> parts_;
};

}  // namespace weft::app
