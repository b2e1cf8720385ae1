// What a node (app/node.hpp) is made of, in the order it is built; node::open fills these
// and ~node takes them down. Heavy to include: for node.cpp, tests and benchmarks only.
// Parts of a role the node does not have are null.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <caf/all.hpp>

#include "actors/cluster_peers.hpp"
#include "actors/engine.hpp"
#include "actors/event_feed.hpp"
#include "actors/hub.hpp"
#include "actors/system_config.hpp"
#include "actors/worker_pool.hpp"
#include "app/node.hpp"
#include "http/api.hpp"
#include "http/auth.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"
#include "http/ws_registry.hpp"
#include "services/step_environment.hpp"
#include "services/component_service.hpp"
#include "services/execution_reader.hpp"
#include "services/retention_sweeper.hpp"
#include "services/scheduler.hpp"
#include "services/secret_service.hpp"
#include "services/tenant_service.hpp"
#include "services/workflow_service.hpp"
#include "storage/component_store.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/idempotency_store.hpp"
#include "storage/record_store.hpp"
#include "storage/schedule_store.hpp"
#include "storage/secret_store.hpp"
#include "storage/tenant_store.hpp"
#include "storage/workflow_store.hpp"

namespace weft::app {

struct node_parts {
  node_options options;

  // Storage: what the log writer keeps (every role).
  std::unique_ptr<storage::database> db;
  std::unique_ptr<storage::event_log> events;
  std::unique_ptr<storage::execution_store> summaries;
  std::unique_ptr<storage::idempotency_store> idempotency;
  std::unique_ptr<storage::tenant_store> tenant_store;

  // Services (a coordinator).
  std::unique_ptr<storage::workflow_store> workflow_store;
  std::unique_ptr<services::workflow_service> workflows;
  std::unique_ptr<services::tenant_service> tenants;
  std::unique_ptr<services::execution_reader> reader;
  std::unique_ptr<services::start_keys> start_keys;
  std::unique_ptr<storage::secret_store> secret_store;
  std::unique_ptr<services::secret_service> secrets;
  std::unique_ptr<storage::record_store> records;
  std::unique_ptr<storage::component_store> component_store;
  std::unique_ptr<services::component_service> components;
  std::shared_ptr<const nodes::step_environment> environment;
  std::unique_ptr<storage::schedule_store> schedule_state;
  std::unique_ptr<services::scheduler> scheduler;
  bool fires_schedules = false;  // the catalogue's home, or a coordinator alone
  std::unique_ptr<services::retention_sweeper> retention;

  // Runtime (every role).
  actors::system_config actor_config;
  std::unique_ptr<caf::actor_system> actor_system;
  caf::actor hub;
  std::shared_ptr<actors::hub_audience> hub_audience = std::make_shared<actors::hub_audience>();
  caf::actor log_writer;
  caf::actor engine;
  std::unique_ptr<actors::engine_client> engine_client;
  std::shared_ptr<actors::event_feed> event_feed;

  // Cluster (a coordinator with a door).
  storage::catalogue_role catalogue_role = storage::catalogue_role::alone;
  std::shared_ptr<actors::worker_pool> workers;
  std::shared_ptr<actors::cluster_peers> peers;
  caf::actor door;
  std::string door_address;
  caf::actor catalogue_follower;
  std::vector<caf::actor> peer_connectors;

  // Worker role: a link to each coordinator it serves.
  std::vector<caf::actor> coordinator_links;
  std::atomic<bool> refused{false};

  // Front (a coordinator).
  std::optional<http::authenticator> auth;
  std::unique_ptr<http::static_site> console;
  http::ws_registry ws_registry;
  std::unique_ptr<http::api> api;
  std::unique_ptr<http::server> server;
  std::atomic<std::uint16_t> http_port{0};
};

}  // namespace weft::app
