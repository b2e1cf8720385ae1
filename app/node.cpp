// The composition of a node (app/node.hpp): storage -> runtime -> services -> cluster -> front.
#include "app/node.hpp"

#include <chrono>
#include <string>
#include <utility>

#include <caf/io/middleman.hpp>

#include "actors/catalogue_follower.hpp"
#include "actors/cluster_door.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/coordinator_link.hpp"
#include "actors/home_records.hpp"
#include "actors/hub.hpp"
#include "actors/log_writer.hpp"
#include "actors/messages.hpp"
#include "app/heap.hpp"
#include "app/node_parts.hpp"
#include "app/process_setup.hpp"
#include "core/expr/value_ops.hpp"
#include "http/cluster_routes.hpp"
#include "http/component_routes.hpp"
#include "http/console_routes.hpp"
#include "http/execution_routes.hpp"
#include "http/execution_stream.hpp"
#include "http/gateway.hpp"
#include "http/schedule_routes.hpp"
#include "http/secret_routes.hpp"
#include "http/seed001_routes.hpp"
#include "http/seed003_routes.hpp"
#include "http/tenant_routes.hpp"
#include "http/webhook_routes.hpp"
#include "nodes/registry.hpp"

namespace weft::app {
namespace {

using json = nlohmann::json;

void say(const node_parts& p, const std::string& level, const std::string& message, const json& fields = json::object()) {
  if (p.options.log) p.options.log(level, message, fields);
}

// Node settings: the default tier and the tenants' own (tenant id -> { tier, limits }), kept
// in the `tenants` column family (storage/tenant_store.hpp). Tenants' settings are the
// catalogue's: a coordinator that is not its home gets them from the home (docs/cluster.md).
storage::status store_tenant_settings(storage::database& db, const coordinator_options& o, bool writes_catalogue) {
  storage::write_batch batch = db.new_batch();
  batch.put(storage::family::tenants, std::string("\x01node", 5), json{{"default_tier", o.default_tier}}.dump());
  if (writes_catalogue) {
    for (const auto& [tenant, settings] : o.tenants.items()) {
      if (tenant.empty() || tenant.find('\0') != std::string::npos) continue;
      batch.put(storage::family::tenants, tenant, settings.dump());
    }
    // Dev mode's tenant tries everything (the README's tour uses versions and publish): it
    // is on the enterprise plan unless settings say otherwise.
    std::string existing;
    if (o.dev && db.get(storage::family::tenants, "dev", existing).is_not_found()) {
      batch.put(storage::family::tenants, "dev", json{{"tier", "enterprise"}}.dump());
    }
  }
  return db.write(batch);
}

// Who owns which executions: the cluster file's map, or one node owning them all.
const core::cluster_map& cluster_map_of(const node_parts& p) {
  static const core::cluster_map alone;
  const auto& c = p.options.coordinator;
  return c && c->cluster ? c->cluster->map : alone;
}

bool open_storage(node_parts& p, std::string& why) {
  storage::database_options db_options;
  db_options.path = p.options.db_path;
  db_options.sync = p.options.sync;
  db_options.min_free_bytes = p.options.min_free_bytes;
  if (auto s = storage::database::open(db_options, p.db); !s.is_ok()) {
    why = s.to_string();
    return false;
  }
  p.events = std::make_unique<storage::event_log>(*p.db);
  p.summaries = std::make_unique<storage::execution_store>(*p.db);
  p.idempotency = std::make_unique<storage::idempotency_store>(*p.db);
  p.tenant_store = std::make_unique<storage::tenant_store>(*p.db);
  return true;
}

// The catalogue (docs/cluster.md): the first coordinator of the cluster file writes it and
// numbers its writes; the others apply those and write none of their own.
bool take_catalogue_role(node_parts& p, std::string& why) {
  const auto& cluster = p.options.coordinator->cluster;
  const bool clustered = cluster && cluster->map.clustered();
  p.catalogue_role = !clustered ? storage::catalogue_role::alone
                     : cluster->map.is_home() ? storage::catalogue_role::home
                                              : storage::catalogue_role::follower;
  // The door is told of each catalogue write on the home; it exists once the actors run.
  auto s = p.db->set_catalogue_role(p.catalogue_role, [&p](std::uint64_t seq) {
    if (p.door) caf::anon_send(p.door, actors::catalogue_changed{seq});
  });
  if (s.is_ok()) s = store_tenant_settings(*p.db, *p.options.coordinator, p.catalogue_role != storage::catalogue_role::follower);
  if (!s.is_ok()) why = s.to_string();
  return s.is_ok();
}

void open_services(node_parts& p) {
  const auto& o = *p.options.coordinator;
  p.workflow_store = std::make_unique<storage::workflow_store>(*p.db);
  p.workflows = std::make_unique<services::workflow_service>(*p.workflow_store, nodes::registry::builtin(), core::expr::system_now_ms);
  // Plans (SPEC §6): each tenant's tier and overrides; checked by the workflow service.
  p.tenants = std::make_unique<services::tenant_service>(*p.tenant_store, *p.workflow_store, *p.events, o.default_tier, p.options.clock);
  p.workflows->use_policy(p.tenants.get());
  p.reader = std::make_unique<services::execution_reader>(*p.events, *p.summaries);
  p.start_keys = std::make_unique<services::start_keys>(*p.idempotency);
  p.secret_store = std::make_unique<storage::secret_store>(*p.db);
  p.secrets = std::make_unique<services::secret_service>(*p.secret_store, core::expr::system_now_ms);
  p.records = std::make_unique<storage::record_store>(*p.db);
  p.component_store = std::make_unique<storage::component_store>(*p.db);
  p.components = std::make_unique<services::component_service>(*p.component_store);
  p.workflows->use_catalogs([&p](const std::string& tenant) { return p.components->catalog(tenant); });
  p.environment = services::make_step_environment(*p.secrets, *p.records, *p.workflow_store, *p.components);

  auto& engine = p.options.engine;
  engine.tenant_concurrency = [&p](const std::string& tenant) { return p.tenants->limits(tenant).max_concurrent_executions; };
  engine.tenant_event_cap = [&p](const std::string& tenant) { return p.tenants->limits(tenant).max_events_per_execution; };
  engine.environment = p.environment;
  engine.warn = [&p](const std::string& message) { say(p, "warn", message); };
}

// The door workers and the other coordinators join (docs/cluster.md), and on a follower the
// actor that keeps its copy of the catalogue.
bool open_cluster(node_parts& p, std::string& why) {
  const auto& cluster = *p.options.coordinator->cluster;
  auto log = [&p](const std::string& level, const std::string& message) { say(p, level, message); };
  std::string host;
  std::uint16_t port = 0;
  if (!split_host_port(cluster.listen, host, port)) {
    why = "the cluster address must be HOST:PORT, got '" + cluster.listen + "'";
    return false;
  }
  p.peers = std::make_shared<actors::cluster_peers>();
  const bool home = p.catalogue_role == storage::catalogue_role::home;
  if (p.catalogue_role == storage::catalogue_role::follower) {
    // The cluster's record collections are on the home: steps here read and write them there.
    p.environment = actors::with_records_on_home(p.environment, *p.actor_system, p.peers, cluster.map.home().name);
    p.options.engine.environment = p.environment;
    p.catalogue_follower = actors::spawn_catalogue_follower(*p.actor_system, {p.db.get(), p.peers, cluster.map.home().name,
                                                                              [&p](const std::vector<std::string>& changed) {
                                                                                p.workflow_store->changed_elsewhere();
                                                                                for (const auto& tenant : changed) {
                                                                                  p.tenants->forget(tenant);
                                                                                  p.components->forget_catalog(tenant);
                                                                                }
                                                                              },
                                                                              log});
  }
  p.workers = std::make_shared<actors::worker_pool>(cluster.local_slots, cluster.pins);
  p.options.engine.workers = p.workers;
  const auto& server = p.options.coordinator->server;
  const std::string name = cluster.map.clustered() ? cluster.map.self().name : server.address + ":" + std::to_string(server.port);
  p.door = actors::spawn_cluster_door(*p.actor_system, {p.workers, p.environment, name, p.hub, p.events.get(),
                                                         home ? p.db.get() : nullptr, home ? p.records.get() : nullptr, log});
  auto published = p.actor_system->middleman().publish(p.door, port, host.c_str(), true);
  if (!published) {
    why = "cannot listen for workers on " + cluster.listen + ": " + p.actor_system->render(published.error());
    return false;
  }
  p.door_address = host + ":" + std::to_string(*published);
  say(p, "info", "cluster door open", {{"address", p.door_address}});
  if (cluster.map.clustered()) {
    p.peer_connectors = actors::connect_to_peers(*p.actor_system, cluster.map, p.peers, log, p.catalogue_follower);
  }
  return true;
}

void open_runtime(node_parts& p) {
  const core::cluster_map& map = cluster_map_of(p);
  p.log_writer = actors::spawn_log_writer(*p.actor_system, *p.events, p.summaries.get(), p.hub, p.idempotency.get(),
                                         p.tenant_store.get(), p.hub_audience);
  p.engine = actors::spawn_engine(*p.actor_system, *p.events, p.log_writer, p.options.engine);
  p.engine_client = actors::make_engine_client(*p.actor_system, p.engine, map);
  p.event_feed = actors::make_event_feed(*p.actor_system, p.hub, *p.events, {map, p.peers});
}

// The schedule triggers: missed runs are dealt with now, the rest as they fall due. They fire
// on the catalogue's home alone (docs/cluster.md), else once per coordinator.
bool open_schedules(node_parts& p, std::string& why) {
  p.workflows->on_change(actors::publish_to(p.hub));
  p.schedule_state = std::make_unique<storage::schedule_store>(*p.db);
  p.scheduler = std::make_unique<services::scheduler>(
      *p.workflow_store, *p.schedule_state, p.options.clock,
      http::scheduled_starter(*p.workflows, *p.engine_client, [&p](const services::scheduled_run& run, const std::string& why) {
        say(p, "warn", "scheduled run did not start",
            {{"tenant", run.tenant}, {"workflow_id", run.workflow_id}, {"execution_id", run.execution_id}, {"why", why}});
      }));
  p.workflows->on_change([&p](const core::workflow_change& c) { p.scheduler->on_change(c); });
  p.fires_schedules = p.catalogue_role != storage::catalogue_role::follower;
  return !p.fires_schedules || p.scheduler->load(why);
}

std::vector<std::pair<std::string, double>> gauges(const node_parts& p, std::chrono::steady_clock::time_point started) {
  std::vector<std::pair<std::string, double>> g;
  for (const auto& [family, bytes] : p.db->sizes()) g.emplace_back("storage_bytes_" + family, static_cast<double>(bytes));
  const storage::database::memory_use memory = p.db->memory();
  g.emplace_back("storage_memtable_bytes", static_cast<double>(memory.memtables));
  g.emplace_back("storage_table_reader_bytes", static_cast<double>(memory.table_readers));
  g.emplace_back("storage_block_cache_bytes", static_cast<double>(memory.block_cache));
  // The heap as the allocator sees it: what is in use, and what it holds free (RSS it keeps).
  const heap_use h = heap();
  g.emplace_back("heap_in_use_bytes", static_cast<double>(h.in_use));
  g.emplace_back("heap_free_bytes", static_cast<double>(h.held_free));
  if (p.workers) {  // the cluster as this coordinator sees it
    g.emplace_back("cluster_workers", static_cast<double>(p.workers->size()));
    g.emplace_back("cluster_attempts_placed_on_workers", static_cast<double>(p.workers->placed_on_workers()));
    g.emplace_back("cluster_local_attempts_in_flight", static_cast<double>(p.workers->local_in_flight()));
    g.emplace_back("cluster_attempts_waiting_for_labels", static_cast<double>(p.workers->waiting()));
  }
  g.emplace_back("uptime_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return g;
}

// GET /api/cluster: this node, the other coordinators, the workers, the shards.
json describe_cluster(const node_parts& p) {
  const auto& o = *p.options.coordinator;
  const core::cluster_map& map = cluster_map_of(p);
  const std::string node_address = o.server.address + ":" + std::to_string(p.http_port.load());
  json self = {{"name", map.clustered() ? map.self().name : node_address}, {"role", "coordinator"}, {"health", "up"}};
  if (map.clustered()) self["http"] = map.self().http;
  if (p.workers) {
    self["slots"] = p.workers->local_slots();
    self["in_flight"] = p.workers->local_in_flight();
  }
  json nodes = json::array();
  nodes.push_back(std::move(self));
  // The other coordinators: up while this one is joined to them.
  for (const auto& c : map.coordinators()) {
    if (!map.clustered() || c.name == map.self().name) continue;
    nodes.push_back({{"name", c.name}, {"role", "coordinator"}, {"http", c.http}, {"health", p.peers->find(c.name) ? "up" : "unreachable"}});
  }
  for (const auto& w : p.workers ? p.workers->workers() : std::vector<actors::worker_pool::worker>{}) {
    nodes.push_back({{"name", w.name}, {"role", "worker"}, {"health", "up"}, {"slots", w.slots}, {"in_flight", w.in_flight},
                     {"placed", w.placed}, {"labels", w.labels}});
  }
  json pins = json::object();
  if (p.workers) {
    for (const auto& [type, labels] : p.workers->pinned_types()) pins[type] = labels;
  }
  json shards = json::array();
  if (!map.clustered()) {
    shards.push_back({{"executions", "all"}, {"owner", node_address}});
  } else {
    for (const auto& c : map.coordinators()) {
      shards.push_back({{"shards", {c.first_shard, c.last_shard}}, {"of", map.shards()}, {"owner", c.name},
                        {"catalogue_home", &c == &map.home()}});
    }
  }
  return json{{"protocol", actors::cluster_protocol_version},
              {"cluster_listen", p.workers ? json(p.door_address) : json()},
              {"pins", std::move(pins)},
              {"attempts_waiting_for_labels", p.workers ? p.workers->waiting() : 0},
              {"nodes", std::move(nodes)},
              {"shards", std::move(shards)}};
}

bool open_front(node_parts& p, std::string& why) {
  const auto& o = *p.options.coordinator;
  const core::cluster_map& map = cluster_map_of(p);
  p.auth = http::authenticator::make(o.jwt_secret, why);
  if (!p.auth) return false;

  http::api_options api_options;
  api_options.version = o.version;
  api_options.storage_ok = [&p](std::string& why) {
    const storage::storage_health h = p.db->health();
    if (!h.writable) {
      why = h.why.to_string();
      return false;
    }
    std::string ignored;
    auto s = p.db->get(storage::family::tenants, std::string("\x01node", 5), ignored);
    if (!s.is_ok() && !s.is_not_found()) why = s.to_string();
    return s.is_ok() || s.is_not_found();
  };
  api_options.gauges = [&p, started = std::chrono::steady_clock::now()] { return gauges(p, started); };
  api_options.rate_limit = [&p](const http::request& req) { return http::rate_limit(*p.tenants, req); };
  if (map.clustered()) {
    api_options.owner_elsewhere = [&map](const std::string& key) -> std::optional<std::string> {
      if (map.owns(key)) return std::nullopt;
      return map.owner_of(key).http;
    };
    api_options.node_name = map.self().name;
  }
  if (p.catalogue_role == storage::catalogue_role::follower) {
    api_options.catalogue_home = map.home().http;
    // Weak: the API outlives the actor system, which waits for its detached actors to go.
    api_options.await_catalogue = [follower = caf::actor_cast<caf::weak_actor_ptr>(p.catalogue_follower)](
                                      std::uint64_t seq, std::function<void()> then) {
      if (auto strong = caf::actor_cast<caf::actor>(follower)) return actors::when_catalogue_has(strong, seq, std::move(then));
      then();
    };
  } else if (p.catalogue_role == storage::catalogue_role::home) {
    api_options.catalogue_seq = [&p] { return p.db->catalogue_seq(); };
  }
  // The web console: its files, and in dev mode on loopback the token for its sign-in form.
  p.console = http::static_site::load(o.console_dir);
  api_options.site = [&p](const http::request& req) { return p.console->serve(req); };
  p.api = std::make_unique<http::api>(*p.auth, *p.workflows, api_options);
  http::api& api = *p.api;
  http::dev_session console_session;
  if (o.dev && http::is_loopback_host(o.server.address)) {
    console_session = {"dev", "dev", [&p] { return p.auth->issue({"dev", "dev", {"admin"}}, std::chrono::hours(24)); }};
  }
  http::add_console_routes(api.public_routes(), console_session);
  http::listing_peers listing;
  for (const auto& c : map.coordinators()) {
    if (map.clustered() && c.name != map.self().name) listing.addresses.push_back(c.http);
  }
  listing.this_node = map.self().name;
  http::add_execution_routes(api.tenant_routes(), *p.workflows, *p.reader, *p.start_keys, *p.engine_client, listing);
  http::add_seed003_routes(api.tenant_routes(), *p.workflows, *p.reader, *p.engine_client);
  http::add_execution_stream_route(api.tenant_routes(), *p.reader, p.event_feed);
  http::add_ws_monitoring_routes(api.token_routes(), p.ws_registry);
  http::add_component_routes(api.tenant_routes(), api.token_routes(), nodes::registry::builtin(), *p.components);
  http::add_seed001_routes(api.token_routes(), *p.workflows, *p.reader, *p.engine_client);
  http::add_secret_routes(api.tenant_routes(), *p.secrets);
  http::add_webhook_routes(api.public_routes(), *p.workflows, *p.secrets, *p.engine_client);
  http::add_schedule_routes(api.tenant_routes(), *p.scheduler);
  http::add_tenant_routes(api.tenant_routes(), api.token_routes(), *p.tenants);
  http::add_cluster_routes(api.token_routes(), [&p] { return describe_cluster(p); });

  p.server = std::make_unique<http::server>(o.server, [&api](http::request& req, http::respond_fn respond) {
    api.handle(req, std::move(respond));
  });
  http::topic_access topics{p.workflows.get(), p.reader.get(), nullptr};
  if (map.clustered()) {
    topics.held_elsewhere = [&p, &map](const std::string& tenant, const std::string& id) -> std::optional<bool> {
      if (map.owns(id)) return std::nullopt;
      auto owner = p.peers->find(map.owner_of(id).name);
      if (!owner) return true;  // taken; the feed finds the owner away and ends it with 1013
      return actors::peer_holds_execution(*p.actor_system, *owner, tenant, id, std::chrono::seconds(2)).value_or(true);
    };
  }
  p.server->on_websocket(http::make_gateway({&*p.auth, topics, p.event_feed, &p.ws_registry, [&p](const std::string& tenant) {
                                               return !p.tenants->limits(tenant).detailed_live_events;
                                             }}));
  if (!p.server->start(why)) return false;
  p.http_port = p.server->port();
  return true;
}

// A worker: a link to each coordinator it serves (actors/coordinator_link.hpp).
void open_worker(node_parts& p) {
  const worker_role& w = *p.options.worker;
  for (const auto& address : w.join) {
    p.coordinator_links.push_back(actors::spawn_coordinator_link(
        *p.actor_system, {address, w.name, w.slots, w.labels, w.protocol,
                          [&p](const std::string& level, const std::string& message) { say(p, level, message); },
                          [&p](const std::string&) { p.refused = true; }}));
  }
}

// Takes the node down in the reverse of its building: nothing new comes in, the actors
// finish (the actor system waits for them), then what they used goes.
void stop(node_parts& p) {
  if (p.retention) p.retention->stop();
  if (p.scheduler) p.scheduler->stop();
  if (p.server) p.server->stop();
  p.event_feed.reset();
  for (auto* a : {&p.engine, &p.log_writer, &p.hub, &p.door, &p.catalogue_follower}) {
    if (*a) caf::anon_send_exit(*a, caf::exit_reason::user_shutdown);
    *a = nullptr;
  }
  for (auto* actors : {&p.peer_connectors, &p.coordinator_links}) {
    for (const auto& a : *actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    actors->clear();
  }
  p.engine_client.reset();
  p.actor_system.reset();  // waits for the actors; drops any response callback they held
  p.server.reset();
  p.api.reset();
}

}  // namespace

node::node(std::unique_ptr<node_parts> parts) : parts_(std::move(parts)) {}

node::~node() { stop(*parts_); }

std::unique_ptr<node> node::open(node_options options, std::string& why) {
  if (!options.clock) options.clock = core::expr::system_now_ms;
  auto parts = std::make_unique<node_parts>();
  node_parts& p = *parts;
  p.options = std::move(options);
  if (p.options.actor_threads > 0) p.actor_config.set("scheduler.max-threads", p.options.actor_threads);
  if (p.options.worker) {
    p.actor_system = std::make_unique<caf::actor_system>(p.actor_config);
    std::unique_ptr<node> built(new node(std::move(parts)));
    open_worker(built->parts());
    return built;
  }
  const bool coordinator = p.options.coordinator.has_value();
  if (!open_storage(p, why)) return nullptr;
  if (coordinator) {
    if (!take_catalogue_role(p, why)) return nullptr;
    open_services(p);
  }
  p.actor_system = std::make_unique<caf::actor_system>(p.actor_config);
  p.hub = actors::spawn_hub(*p.actor_system, p.hub_audience);
  // From here a failure must stop what runs: the node's destructor does.
  std::unique_ptr<node> built(new node(std::move(parts)));
  if (coordinator && p.options.coordinator->cluster && !open_cluster(p, why)) return nullptr;
  open_runtime(p);
  if (!coordinator) return built;
  if (!open_schedules(p, why)) return nullptr;
  if (!open_front(p, why)) return nullptr;
  if (p.fires_schedules) p.scheduler->start();
  // Retention: finished executions past their tenant's history window go, every 10 minutes.
  p.retention = std::make_unique<services::retention_sweeper>(
      *p.summaries, [&p](const std::string& tenant) { return p.tenants->limits(tenant); }, core::expr::system_now_ms);
  p.retention->start(std::chrono::minutes(10));
  return built;
}

std::uint16_t node::http_port() const { return parts_->http_port.load(); }

bool node::refused() const { return parts_->refused.load(); }

std::string node::cluster_address() const { return parts_->door_address; }

bool node::console_built() const { return parts_->console && parts_->console->built(); }

std::string node::issue_token(const std::string& user, const std::string& tenant, std::vector<std::string> roles,
                              std::chrono::seconds ttl) const {
  return parts_->auth->issue({user, tenant, std::move(roles)}, ttl);
}

}  // namespace weft::app
