// The composition of a running node: storage -> services -> HTTP api -> server. Signals are
// blocked in every thread and taken by sigwait() on the main thread, so shutdown is orderly.
#include "app/serve_command.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/cluster_map.hpp"
#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include "actors/catalogue_follower.hpp"
#include "actors/cluster_door.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/cluster_peers.hpp"
#include "actors/engine.hpp"
#include "actors/event_feed.hpp"
#include "actors/hub.hpp"
#include "actors/log_writer.hpp"
#include "actors/messages.hpp"
#include "actors/system_config.hpp"
#include "actors/worker_pool.hpp"
#include "app/heap.hpp"
#include "app/process_setup.hpp"
#include "http/api.hpp"
#include "http/execution_routes.hpp"
#include "http/cluster_routes.hpp"
#include "http/component_routes.hpp"
#include "http/console_routes.hpp"
#include "http/execution_stream.hpp"
#include "http/gateway.hpp"
#include "http/schedule_routes.hpp"
#include "http/secret_routes.hpp"
#include "http/tenant_routes.hpp"
#include "http/webhook_routes.hpp"
#include "http/seed001_routes.hpp"
#include "http/ws_registry.hpp"
#include "http/seed003_routes.hpp"
#include "services/component_service.hpp"
#include "services/execution_reader.hpp"
#include "services/retention_sweeper.hpp"
#include "services/tenant_service.hpp"
#include "services/scheduler.hpp"
#include "storage/schedule_store.hpp"
#include "storage/component_store.hpp"
#include "storage/event_log.hpp"
#include "storage/tenant_store.hpp"
#include "http/auth.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"
#include "nodes/registry.hpp"
#include "services/secret_service.hpp"
#include "services/step_environment.hpp"
#include "services/workflow_service.hpp"
#include "storage/database.hpp"
#include "storage/record_store.hpp"
#include "storage/secret_store.hpp"
#include "storage/workflow_store.hpp"

namespace weft::app {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* dev_secret_file = "dev_secret";

void log_line(std::ostream& err, const char* level, const std::string& message, json fields = json::object()) {
  fields["ts"] = core::expr::iso_timestamp(core::expr::system_now_ms());
  fields["level"] = level;
  fields["msg"] = message;
  err << fields.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;  // ids may be any bytes
}

// The dev secret of `data`, created (mode 0600) when `create` and missing.
bool dev_secret(const std::string& data, bool create, std::string& secret, std::string& why) {
  const fs::path path = fs::path(data) / dev_secret_file;
  if (std::ifstream in(path); in) {
    std::getline(in, secret);
    if (secret.size() >= 16) return true;
    why = path.string() + " holds no usable secret";
    return false;
  }
  if (!create) {
    why = "no WEFT_JWT_SECRET and no dev secret in " + data + " (start `weft serve --dev` once, or set WEFT_JWT_SECRET)";
    return false;
  }
  std::error_code ec;
  fs::create_directories(data, ec);
  secret = http::random_secret();
  {
    std::ofstream out(path);
    out << secret << "\n";
    if (!out) {
      why = "cannot write " + path.string();
      return false;
    }
  }
  ::chmod(path.c_str(), 0600);
  return true;
}

bool find_secret(const std::string& data, bool dev, std::string& secret, std::string& why) {
  if (const char* env = std::getenv("WEFT_JWT_SECRET"); env && *env) {
    secret = env;
    return true;
  }
  return dev_secret(data, dev, secret, why);
}

// Node settings: the default tier and the tenants file (tenant id -> { tier, limits }),
// kept in the `tenants` column family (storage/tenant_store.hpp). Tenants' settings are the
// catalogue's: a coordinator that is not its home gets them from the home (docs/cluster.md).
bool store_tenant_settings(storage::database& db, const serve_options& o, bool writes_catalogue, std::string& why) {
  storage::write_batch batch = db.new_batch();
  batch.put(storage::family::tenants, std::string("\x01node", 5), json{{"default_tier", o.default_tier}}.dump());
  if (!writes_catalogue) {
    auto s = db.write(batch);
    if (!s.is_ok()) why = s.to_string();
    return s.is_ok();
  }
  if (!o.tenants_file.empty()) {
    std::ifstream in(o.tenants_file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = core::parse_json_input(text.str());
    if (!in || !parsed.value || !parsed.value->is_object()) {
      why = "--tenants " + o.tenants_file + " must be a JSON object of tenant id -> settings" +
            (parsed.value ? "" : ": " + parsed.error.message);
      return false;
    }
    for (const auto& [tenant, settings] : parsed.value->items()) {
      if (tenant.empty() || tenant.find('\0') != std::string::npos) continue;
      batch.put(storage::family::tenants, tenant, settings.dump());
    }
  }
  // Dev mode's tenant tries everything (the README's tour uses versions and publish): it is
  // on the enterprise plan unless settings say otherwise.
  std::string existing;
  if (o.dev && db.get(storage::family::tenants, "dev", existing).is_not_found()) {
    batch.put(storage::family::tenants, "dev", json{{"tier", "enterprise"}}.dump());
  }
  auto s = db.write(batch);
  if (!s.is_ok()) why = s.to_string();
  return s.is_ok();
}

// The --cluster file, for the coordinator named --node.
bool read_cluster_file(const serve_options& o, core::cluster_map& out, std::string& why) {
  if (o.node.empty()) {
    why = "--cluster needs --node: this coordinator's name in the file";
    return false;
  }
  std::ifstream in(o.cluster_file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = core::parse_json_input(text.str());
  if (!in || !parsed.value) {
    why = "--cluster " + o.cluster_file + " is not readable JSON" + (parsed.value ? "" : ": " + parsed.error.message);
    return false;
  }
  if (!core::cluster_map::parse(*parsed.value, o.node, out, why)) {
    why = "--cluster " + o.cluster_file + ": " + why;
    return false;
  }
  return true;
}

}  // namespace

long long parse_duration_seconds(const std::string& text) {
  if (text.empty()) return -1;
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    return -1;
  }
  if (n <= 0) return -1;
  std::string unit = text.substr(used);
  if (unit.empty() || unit == "s") return n;
  if (unit == "m") return n * 60;
  if (unit == "h") return n * 3600;
  if (unit == "d") return n * 86400;
  return -1;
}

std::string default_console_dir() { return WEFT_CONSOLE_DIR; }

int run_serve(const serve_options& o, std::ostream& out, std::ostream& err) {
  // A reader of our stdout that went away (`weft serve | head -1`) must not end the
  // service: a write to it fails instead of raising SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  std::string host, why;
  std::uint16_t port = 0;
  if (!split_host_port(o.listen, host, port)) {
    err << "weft serve: --listen must be HOST:PORT, got '" << o.listen << "'\n";
    return 2;
  }
  if (o.sync != "group" && o.sync != "none") {
    err << "weft serve: --sync must be group or none\n";
    return 2;
  }
  if (o.default_tier != "free" && o.default_tier != "professional" && o.default_tier != "enterprise") {
    err << "weft serve: --default-tier must be free, professional or enterprise\n";
    return 2;
  }
  std::string secret;
  if (!find_secret(o.data, o.dev, secret, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  auto auth = http::authenticator::make(secret, why);
  if (!auth) {
    err << "weft serve: " << why << "\n";
    return 2;
  }

  // Sharded coordinators (docs/cluster.md): who owns which executions, where the others are.
  core::cluster_map cluster;
  std::string cluster_listen = o.cluster_listen;
  if (!o.cluster_file.empty() && !read_cluster_file(o, cluster, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  if (cluster.clustered() && cluster_listen.empty()) cluster_listen = cluster.self().cluster;

  // Before any thread starts, so that only sigtimedwait() below sees them.
  sigset_t stop_signals = block_stop_signals();

  std::error_code ec;
  fs::create_directories(o.data, ec);
  std::unique_ptr<storage::database> db;
  storage::database_options db_options;
  db_options.path = (fs::path(o.data) / "db").string();
  db_options.sync = o.sync == "none" ? storage::sync_mode::none : storage::sync_mode::group;
  db_options.min_free_bytes = o.min_free_mb << 20;
  if (auto s = storage::database::open(db_options, db); !s.is_ok()) {
    err << "weft serve: " << s.to_string() << "\n";
    return 1;
  }
  // The catalogue (docs/cluster.md): the first coordinator of the cluster file writes it and
  // numbers its writes; the others apply those and write none of their own.
  const storage::catalogue_role catalogue_role = !cluster.clustered() ? storage::catalogue_role::alone
                                                 : cluster.is_home()  ? storage::catalogue_role::home
                                                                      : storage::catalogue_role::follower;
  caf::actor door;  // known once the actor system runs; told of each catalogue write on the home
  if (auto s = db->set_catalogue_role(catalogue_role, [&door](std::uint64_t seq) {
        if (door) caf::anon_send(door, actors::catalogue_changed{seq});
      });
      !s.is_ok()) {
    err << "weft serve: " << s.to_string() << "\n";
    return 1;
  }
  if (!store_tenant_settings(*db, o, catalogue_role != storage::catalogue_role::follower, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  storage::workflow_store workflows(*db);
  services::workflow_service workflow_service(workflows, nodes::registry::builtin(), core::expr::system_now_ms);
  storage::event_log event_log(*db);
  // Plans (SPEC §6): each tenant's tier and overrides; checked by the workflow service.
  storage::tenant_store tenant_store(*db);
  services::tenant_service tenants(tenant_store, workflows, event_log, o.default_tier, core::expr::system_now_ms);
  workflow_service.use_policy(&tenants);
  storage::execution_store execution_summaries(*db);
  services::execution_reader execution_reader(event_log, execution_summaries);
  storage::idempotency_store idempotency(*db);
  services::start_keys start_keys(idempotency);
  storage::secret_store secret_store(*db);
  services::secret_service secrets(secret_store, core::expr::system_now_ms);
  storage::record_store records(*db);
  storage::component_store component_store(*db);
  services::component_service components(component_store);
  workflow_service.use_catalogs([&components](const std::string& tenant) { return components.catalog(tenant); });
  auto environment = services::make_step_environment(secrets, records, workflows, components);

  // The runtime: the log writer owns event-log writes; the engine resumes every execution
  // that was not finished before it answers anything.
  actors::system_config actor_config;
  auto actor_system = std::make_unique<caf::actor_system>(actor_config);
  // The cluster (docs/cluster.md): workers and the other coordinators join through the door
  // on --cluster-listen.
  std::string cluster_host;
  std::uint16_t cluster_port = 0;
  if (!cluster_listen.empty() && !split_host_port(cluster_listen, cluster_host, cluster_port)) {
    err << "weft serve: --cluster-listen must be HOST:PORT, got '" << cluster_listen << "'\n";
    return 2;
  }
  std::map<std::string, std::vector<std::string>> pins;
  if (!parse_pins(o.pins, pins, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  auto cluster_log = [&err](const std::string& level, const std::string& message) { log_line(err, level.c_str(), message); };
  auto workers = cluster_listen.empty() ? nullptr : std::make_shared<actors::worker_pool>(o.local_slots, std::move(pins));
  caf::actor hub = actors::spawn_hub(*actor_system);
  if (workers) {
    const std::string node_name = cluster.clustered() ? cluster.self().name : o.listen;
    door = actors::spawn_cluster_door(*actor_system, {workers, environment, node_name, hub, &event_log,
                                                      catalogue_role == storage::catalogue_role::home ? db.get() : nullptr,
                                                      cluster_log});
    auto published = actor_system->middleman().publish(door, cluster_port, cluster_host.c_str(), true);
    if (!published) {
      err << "weft serve: cannot listen for workers on " << cluster_listen << ": " << actor_system->render(published.error())
          << "\n";
      return 1;
    }
    cluster_port = *published;
    out << "Cluster: workers join at " << cluster_host << ":" << cluster_port << std::endl;
    log_line(err, "info", "cluster door open", {{"address", cluster_host + ":" + std::to_string(cluster_port)}});
  }
  auto peers = std::make_shared<actors::cluster_peers>();
  caf::actor catalogue_follower;
  if (catalogue_role == storage::catalogue_role::follower) {
    catalogue_follower = actors::spawn_catalogue_follower(
        *actor_system, {db.get(), peers, cluster.home().name,
                        [&workflows, &tenants, &components](const std::vector<std::string>& changed) {
                          workflows.changed_elsewhere();
                          for (const auto& tenant : changed) {
                            tenants.forget(tenant);
                            components.forget_catalog(tenant);
                          }
                        },
                        cluster_log});
  }
  std::vector<caf::actor> peer_connectors;
  if (cluster.clustered()) {
    peer_connectors = actors::connect_to_peers(*actor_system, cluster, peers, cluster_log, catalogue_follower);
  }
  caf::actor log_writer = actors::spawn_log_writer(*actor_system, event_log, &execution_summaries, hub, &idempotency, &tenant_store);
  caf::actor engine = actors::spawn_engine(*actor_system, event_log, log_writer,
                                           {.max_active = o.max_active,
                                            .passivate_after_ms = o.passivate_after_ms,
                                            .tenant_concurrency = [&tenants](const std::string& tenant) {
                                              return tenants.limits(tenant).max_concurrent_executions;
                                            },
                                            .tenant_event_cap = [&tenants](const std::string& tenant) {
                                              return tenants.limits(tenant).max_events_per_execution;
                                            },
                                            .environment = environment,
                                            .workers = workers,
                                            .warn = [&err](const std::string& message) { log_line(err, "warn", message); }});
  auto engine_client = actors::make_engine_client(*actor_system, engine, cluster);
  auto event_feed = actors::make_event_feed(*actor_system, hub, event_log, {cluster, peers});
  workflow_service.on_change(actors::publish_to(hub));
  // The schedule triggers: missed runs are dealt with now, the rest as they fall due.
  storage::schedule_store schedule_state(*db);
  services::scheduler scheduler(workflows, schedule_state, core::expr::system_now_ms,
                                http::scheduled_starter(workflow_service, *engine_client,
                                                        [&err](const services::scheduled_run& run, const std::string& why) {
                                                          log_line(err, "warn", "scheduled run did not start",
                                                                   {{"tenant", run.tenant}, {"workflow_id", run.workflow_id},
                                                                    {"execution_id", run.execution_id}, {"why", why}});
                                                        }));
  workflow_service.on_change([&scheduler](const core::workflow_change& c) { scheduler.on_change(c); });
  // Schedules fire on the catalogue's home alone (docs/cluster.md), else once per coordinator.
  const bool fires_schedules = catalogue_role != storage::catalogue_role::follower;
  if (fires_schedules && !scheduler.load(why)) {
    err << "weft serve: " << why << "\n";
    return 1;
  }
  http::ws_registry ws_registry;  // before the server: connections leave it as they close

  const auto started = std::chrono::steady_clock::now();
  http::api_options api_options;
  api_options.version = WEFT_VERSION;
  api_options.storage_ok = [&db](std::string& why) {
    const storage::storage_health h = db->health();
    if (!h.writable) {
      why = h.why.to_string();
      return false;
    }
    std::string ignored;
    auto s = db->get(storage::family::tenants, std::string("\x01node", 5), ignored);
    if (!s.is_ok() && !s.is_not_found()) why = s.to_string();
    return s.is_ok() || s.is_not_found();
  };
  api_options.gauges = [&db, started, workers] {
    std::vector<std::pair<std::string, double>> g;
    for (const auto& [family, bytes] : db->sizes()) g.emplace_back("storage_bytes_" + family, static_cast<double>(bytes));
    const storage::database::memory_use memory = db->memory();
    g.emplace_back("storage_memtable_bytes", static_cast<double>(memory.memtables));
    g.emplace_back("storage_table_reader_bytes", static_cast<double>(memory.table_readers));
    g.emplace_back("storage_block_cache_bytes", static_cast<double>(memory.block_cache));
    // The heap as the allocator sees it: what is in use, and what it holds free (RSS it keeps).
    const heap_use h = heap();
    g.emplace_back("heap_in_use_bytes", static_cast<double>(h.in_use));
    g.emplace_back("heap_free_bytes", static_cast<double>(h.held_free));
    if (workers) {  // the cluster as this coordinator sees it
      g.emplace_back("cluster_workers", static_cast<double>(workers->size()));
      g.emplace_back("cluster_attempts_placed_on_workers", static_cast<double>(workers->placed_on_workers()));
      g.emplace_back("cluster_local_attempts_in_flight", static_cast<double>(workers->local_in_flight()));
      g.emplace_back("cluster_attempts_waiting_for_labels", static_cast<double>(workers->waiting()));
    }
    g.emplace_back("uptime_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return g;
  };
  api_options.rate_limit = [&tenants](const http::request& req) { return http::rate_limit(tenants, req); };
  if (cluster.clustered()) {
    api_options.owner_elsewhere = [&cluster](const std::string& key) -> std::optional<std::string> {
      if (cluster.owns(key)) return std::nullopt;
      return cluster.owner_of(key).http;
    };
    api_options.node_name = cluster.self().name;
  }
  if (catalogue_role == storage::catalogue_role::follower) {
    api_options.catalogue_home = cluster.home().http;
    // Weak: the API outlives the actor system, which waits for its detached actors to go.
    api_options.await_catalogue = [follower = caf::actor_cast<caf::weak_actor_ptr>(catalogue_follower)](
                                      std::uint64_t seq, std::function<void()> then) {
      if (auto strong = caf::actor_cast<caf::actor>(follower)) return actors::when_catalogue_has(strong, seq, std::move(then));
      then();
    };
  } else if (catalogue_role == storage::catalogue_role::home) {
    api_options.catalogue_seq = [&db] { return db->catalogue_seq(); };
  }
  // The web console: its files, and in dev mode on loopback the token for its sign-in form.
  auto console = http::static_site::load(o.console_dir);
  api_options.site = [&console](const http::request& req) { return console->serve(req); };
  http::api api(*auth, workflow_service, api_options);
  http::dev_session console_session;
  if (o.dev && http::is_loopback_host(host)) {
    console_session = {"dev", "dev", [&auth] { return auth->issue({"dev", "dev", {"admin"}}, std::chrono::hours(24)); }};
  }
  http::add_console_routes(api.public_routes(), console_session);
  http::listing_peers listing;
  for (const auto& c : cluster.coordinators()) {
    if (cluster.clustered() && c.name != cluster.self().name) listing.addresses.push_back(c.http);
  }
  listing.this_node = cluster.self().name;
  http::add_execution_routes(api.tenant_routes(), workflow_service, execution_reader, start_keys, *engine_client, listing);
  http::add_seed003_routes(api.tenant_routes(), workflow_service, execution_reader, *engine_client);
  http::add_execution_stream_route(api.tenant_routes(), execution_reader, event_feed);
  http::add_ws_monitoring_routes(api.token_routes(), ws_registry);
  http::add_component_routes(api.tenant_routes(), api.token_routes(), nodes::registry::builtin(), components);
  http::add_seed001_routes(api.token_routes(), workflow_service, execution_reader, *engine_client);
  http::add_secret_routes(api.tenant_routes(), secrets);
  http::add_webhook_routes(api.public_routes(), workflow_service, secrets, *engine_client);
  http::add_schedule_routes(api.tenant_routes(), scheduler);
  http::add_tenant_routes(api.tenant_routes(), api.token_routes(), tenants);
  std::atomic<std::uint16_t> http_port{0};  // known once the server listens
  http::add_cluster_routes(api.token_routes(), [&http_port, host, workers, cluster_host, cluster_port, &cluster, peers] {
    const std::string node_address = host + ":" + std::to_string(http_port.load());
    json self = {{"name", cluster.clustered() ? cluster.self().name : node_address}, {"role", "coordinator"}, {"health", "up"}};
    if (cluster.clustered()) self["http"] = cluster.self().http;
    json nodes = json::array();
    if (workers) {
      self["slots"] = workers->local_slots();
      self["in_flight"] = workers->local_in_flight();
    }
    nodes.push_back(std::move(self));
    // The other coordinators: up while this one is joined to them.
    for (const auto& c : cluster.coordinators()) {
      if (!cluster.clustered() || c.name == cluster.self().name) continue;
      nodes.push_back({{"name", c.name}, {"role", "coordinator"}, {"http", c.http}, {"health", peers->find(c.name) ? "up" : "unreachable"}});
    }
    for (const auto& w : workers ? workers->workers() : std::vector<actors::worker_pool::worker>{}) {
      nodes.push_back({{"name", w.name}, {"role", "worker"}, {"health", "up"}, {"slots", w.slots}, {"in_flight", w.in_flight},
                       {"placed", w.placed}, {"labels", w.labels}});
    }
    json pins = json::object();
    if (workers) {
      for (const auto& [type, labels] : workers->pinned_types()) pins[type] = labels;
    }
    json shards = json::array();
    if (!cluster.clustered()) {
      shards.push_back({{"executions", "all"}, {"owner", node_address}});
    } else {
      for (const auto& c : cluster.coordinators()) {
        shards.push_back({{"shards", {c.first_shard, c.last_shard}}, {"of", cluster.shards()}, {"owner", c.name},
                          {"catalogue_home", &c == &cluster.home()}});
      }
    }
    return json{{"protocol", actors::cluster_protocol_version},
                {"cluster_listen", workers ? json(cluster_host + ":" + std::to_string(cluster_port)) : json()},
                {"pins", std::move(pins)},
                {"attempts_waiting_for_labels", workers ? workers->waiting() : 0},
                {"nodes", std::move(nodes)},
                {"shards", std::move(shards)}};
  });

  http::server_options server_options;
  server_options.address = host;
  server_options.port = port;
  http::server server(server_options, [&api](http::request& req, http::respond_fn respond) { api.handle(req, std::move(respond)); });
  http::topic_access topics{&workflow_service, &execution_reader, nullptr};
  if (cluster.clustered()) topics.owned_elsewhere = [&cluster](const std::string& id) { return !cluster.owns(id); };
  server.on_websocket(http::make_gateway({&*auth, topics, event_feed, &ws_registry,
                                          [&tenants](const std::string& tenant) { return !tenants.limits(tenant).detailed_live_events; }}));
  if (!server.start(why)) {
    err << "weft serve: " << why << "\n";
    return 1;
  }
  const std::string base = "http://" + host + ":" + std::to_string(server.port());
  http_port = server.port();
  out << "weft " << WEFT_VERSION << " listening on " << host << ":" << server.port() << std::endl;
  if (console->built()) out << "Console: " << base << "/" << std::endl;
  log_line(err, "info", "listening", {{"address", base}, {"data", o.data}, {"sync", o.sync}});
  if (o.dev) {
    const std::string token = auth->issue({"dev", "dev", {"admin"}}, std::chrono::hours(24 * 30));
    out << "\nDev mode: tenant 'dev', user 'dev', role admin. Token (30 days):\n  " << token
        << "\n\nTry:\n  curl -s " << base << "/api/workflows -H 'Authorization: Bearer " << token
        << "' -H 'X-Tenant-ID: dev'\n"
        << std::endl;
  }

  int signal_number = 0;
  if (fires_schedules) scheduler.start();
  // Retention: finished executions past their tenant's history window go, every 10 minutes.
  services::retention_sweeper retention(
      execution_summaries, [&tenants](const std::string& tenant) { return tenants.limits(tenant); }, core::expr::system_now_ms);
  retention.start(std::chrono::minutes(10));
  // The main thread waits for a stop signal, and meanwhile, every 10 s, gives back to the
  // system the pages the allocator holds free, so what a burst of load freed does not stay
  // resident for ever.
  const timespec trim_every{10, 0};
  while ((signal_number = sigtimedwait(&stop_signals, nullptr, &trim_every)) < 0) release_free_heap();
  log_line(err, "info", "stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  retention.stop();
  scheduler.stop();
  server.stop();
  event_feed.reset();
  caf::anon_send_exit(engine, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log_writer, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(hub, caf::exit_reason::user_shutdown);
  if (door) caf::anon_send_exit(door, caf::exit_reason::user_shutdown);
  for (const auto& c : peer_connectors) caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
  peer_connectors.clear();
  if (catalogue_follower) caf::anon_send_exit(catalogue_follower, caf::exit_reason::user_shutdown);
  catalogue_follower = nullptr;
  door = nullptr;
  engine = nullptr;
  log_writer = nullptr;
  hub = nullptr;
  engine_client.reset();
  actor_system.reset();  // waits for the actors to finish
  db.reset();
  log_line(err, "info", "stopped");
  return 0;
}

int run_token(const token_options& o, std::ostream& out, std::ostream& err) {
  std::string secret, why;
  if (!find_secret(o.data, false, secret, why)) {
    err << "weft token: " << why << "\n";
    return 2;
  }
  auto auth = http::authenticator::make(secret, why);
  if (!auth) {
    err << "weft token: " << why << "\n";
    return 2;
  }
  const long long ttl = parse_duration_seconds(o.ttl);
  if (ttl <= 0) {
    err << "weft token: --ttl must look like 30s, 15m, 1h or 7d\n";
    return 2;
  }
  for (const auto& r : o.roles) {
    if (r != "admin" && r != "operator") {
      err << "weft token: --role must be admin or operator\n";
      return 2;
    }
  }
  out << auth->issue({o.user, o.tenant, o.roles}, std::chrono::seconds(ttl)) << "\n";
  return 0;
}

}  // namespace weft::app
