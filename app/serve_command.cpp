// `weft serve`: reads its flags into a node (app/node.hpp) and runs it until a stop signal.
// Signals are blocked in every thread and taken by sigwait() on the main thread, so shutdown
// is orderly.
#include "app/serve_command.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/heap.hpp"
#include "app/node.hpp"
#include "app/process_setup.hpp"
#include "core/cluster_map.hpp"
#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/auth.hpp"

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

// The --tenants file: tenant id -> settings ({ tier, limits }), stored by the node.
bool read_tenants_file(const serve_options& o, json& out, std::string& why) {
  if (o.tenants_file.empty()) return true;
  std::ifstream in(o.tenants_file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = core::parse_json_input(text.str());
  if (!in || !parsed.value || !parsed.value->is_object()) {
    why = "--tenants " + o.tenants_file + " must be a JSON object of tenant id -> settings" +
          (parsed.value ? "" : ": " + parsed.error.message);
    return false;
  }
  out = std::move(*parsed.value);
  return true;
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
  std::string why;
  coordinator_options coordinator;
  if (!split_host_port(o.listen, coordinator.server.address, coordinator.server.port)) {
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
  if (!find_secret(o.data, o.dev, coordinator.jwt_secret, why) || !read_tenants_file(o, coordinator.tenants, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  coordinator.default_tier = o.default_tier;
  coordinator.dev = o.dev;
  coordinator.console_dir = o.console_dir;
  coordinator.version = WEFT_VERSION;
  // The cluster (docs/cluster.md): workers and the other coordinators join through the door
  // on --cluster-listen; sharded coordinators are named in --cluster.
  core::cluster_map map;
  if (!o.cluster_file.empty() && !read_cluster_file(o, map, why)) {
    err << "weft serve: " << why << "\n";
    return 2;
  }
  const std::string cluster_listen = o.cluster_listen.empty() && map.clustered() ? map.self().cluster : o.cluster_listen;
  if (!cluster_listen.empty()) {
    cluster_options cluster{cluster_listen, std::move(map), o.local_slots, {}};
    std::string host;
    std::uint16_t port = 0;
    if (!split_host_port(cluster_listen, host, port)) {
      err << "weft serve: --cluster-listen must be HOST:PORT, got '" << cluster_listen << "'\n";
      return 2;
    }
    if (!parse_pins(o.pins, cluster.pins, why)) {
      err << "weft serve: " << why << "\n";
      return 2;
    }
    coordinator.cluster = std::move(cluster);
  }

  const std::string host = coordinator.server.address;
  node_options options;
  options.db_path = (fs::path(o.data) / "db").string();
  options.sync = o.sync == "none" ? storage::sync_mode::none : storage::sync_mode::group;
  options.min_free_bytes = o.min_free_mb << 20;
  options.engine.max_active = o.max_active;
  options.engine.passivate_after_ms = o.passivate_after_ms;
  options.log = [&err](const std::string& level, const std::string& message, const json& fields) {
    log_line(err, level.c_str(), message, fields);
  };
  options.coordinator = std::move(coordinator);

  // Before any thread starts, so that only sigtimedwait() below sees them.
  sigset_t stop_signals = block_stop_signals();
  std::error_code ec;
  fs::create_directories(o.data, ec);
  auto node = node::open(std::move(options), why);
  if (!node) {
    err << "weft serve: " << why << "\n";
    return 1;
  }
  if (!node->cluster_address().empty()) out << "Cluster: workers join at " << node->cluster_address() << std::endl;
  const std::string base = "http://" + host + ":" + std::to_string(node->http_port());
  out << "weft " << WEFT_VERSION << " listening on " << host << ":" << node->http_port() << std::endl;
  if (node->console_built()) out << "Console: " << base << "/" << std::endl;
  log_line(err, "info", "listening", {{"address", base}, {"data", o.data}, {"sync", o.sync}});
  if (o.dev) {
    const std::string token = node->issue_token("dev", "dev", {"admin"}, std::chrono::hours(24 * 30));
    out << "\nDev mode: tenant 'dev', user 'dev', role admin. Token (30 days):\n  " << token
        << "\n\nTry:\n  curl -s " << base << "/api/workflows -H 'Authorization: Bearer " << token
        << "' -H 'X-Tenant-ID: dev'\n"
        << std::endl;
  }

  // The main thread waits for a stop signal, and meanwhile, every 10 s, gives back to the
  // system the pages the allocator holds free, so what a burst of load freed does not stay
  // resident for ever.
  int signal_number = 0;
  const timespec trim_every{10, 0};
  while ((signal_number = sigtimedwait(&stop_signals, nullptr, &trim_every)) < 0) release_free_heap();
  log_line(err, "info", "stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  node.reset();
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
