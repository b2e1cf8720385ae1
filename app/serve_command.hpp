// `weft serve`: opens the data directory, starts the HTTP service and runs until SIGINT or
// SIGTERM, then stops gracefully. `weft token`: prints a signed token. Both find the JWT
// secret in WEFT_JWT_SECRET or, with --dev / --data, in the data directory's dev secret.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace weft::app {

/// The source tree's web/dist, where scripts/setup.sh builds the console.
[[nodiscard]] std::string default_console_dir();

struct serve_options {
  std::string listen = "127.0.0.1:8000";
  std::string data = "./data";
  std::string sync = "group";            // group | none
  bool dev = false;
  std::string default_tier = "free";     // stored now; enforced by the tenancy issue
  std::string tenants_file;
  std::size_t max_active = 10'000;        // executions with actors; more are queued as pending
  std::int64_t passivate_after_ms = 10'000;  // executions at rest this long leave memory
  std::uint64_t min_free_mb = 64;            // writes are refused (507) below this much free disk
  std::string console_dir = default_console_dir();  // the built web console (web/dist)
  std::string cluster_listen;                // HOST:PORT workers join at (docs/cluster.md); empty: no workers
  std::uint32_t local_slots = 16;            // attempts that call out this node runs before a worker is preferred
  std::vector<std::string> pins;             // TYPE=LABEL[,LABEL]: attempts of TYPE run only on workers with those labels
  std::string cluster_file;                  // sharded coordinators (core/cluster_map.hpp); empty: this node owns all
  std::string node;                          // this coordinator's name in cluster_file
};

struct token_options {
  std::string tenant;
  std::string user;
  std::vector<std::string> roles;
  std::string ttl = "1h";
  std::string data = "./data";
};

[[nodiscard]] int run_serve(const serve_options& options, std::ostream& out, std::ostream& err);
[[nodiscard]] int run_token(const token_options& options, std::ostream& out, std::ostream& err);

/// "30s", "15m", "1h", "7d" or plain seconds; -1 when malformed.
[[nodiscard]] long long parse_duration_seconds(const std::string& text);

}  // namespace weft::app
