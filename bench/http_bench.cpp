// Requests per second over loopback for the workflow API (issue [2/6]): an in-process node
// built as `weft serve` builds it (app/node.hpp, RocksDB in a temp dir) and keep-alive
// client connections on their own threads. Prints one JSON line per scenario.
// Usage: weft_bench_http [--seconds 3] [--connections 4]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/node.hpp"
#include "app/node_parts.hpp"
#include "bench/http_load.hpp"
#include "bench/temp_dir.hpp"

namespace {

using json = nlohmann::json;

const json definition = json::parse(R"({"name": "bench", "steps": [
  {"id": "input", "type": "input", "next": "t"},
  {"id": "t", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.t"}}]})");

void scenario(const char* name, const char* sync, std::uint16_t port, const std::string& token,
              const std::string& method, const std::string& target, const std::string& body, int connections,
              double seconds) {
  weft::bench::load_result all = weft::bench::closed_loop(port, token, method, target, body, connections, seconds);
  json line = {{"name", name},
               {"sync", sync},
               {"connections", connections},
               {"requests", all.requests},
               {"failures", all.failures},
               {"requests_per_s", static_cast<double>(all.requests) / all.seconds},
               {"p50_us", all.percentile(0.50)},
               {"p99_us", all.percentile(0.99)}};
  std::printf("%s\n", line.dump().c_str());
  std::fflush(stdout);
}

void run(weft::storage::sync_mode mode, const char* sync_name, int connections, double seconds) {
  using namespace weft;
  {
    bench::temp_dir temp;
    app::node_options options;
    options.db_path = temp.path() + "/db";
    options.sync = mode;
    app::coordinator_options coordinator;
    coordinator.jwt_secret = "bench-secret-0123456789";
    coordinator.server.port = 0;  // the OS chooses
    // The bench tenant's plan caps neither workflows nor writes: this measures the API.
    coordinator.tenants = {{"bench", {{"tier", "enterprise"}, {"limits", {{"writes_per_minute", -1}, {"writes_per_minute_per_user", -1}}}}}};
    options.coordinator = std::move(coordinator);
    std::string why;
    auto node = app::node::open(std::move(options), why);
    if (!node) {
      std::fprintf(stderr, "the node did not open: %s\n", why.c_str());
      return;
    }
    const std::uint16_t port = node->http_port();
    const std::string token = node->issue_token("bench", "bench", {}, std::chrono::hours(1));
    scenario("create_workflow", sync_name, port, token, "POST", "/api/workflows", definition.dump(),
             connections, seconds);
    // Read one workflow back many times.
    auto list = node->parts().workflows->list({"bench", "bench"}, {});
    std::string id = list.value()["workflows"][0]["id"];
    scenario("get_workflow", sync_name, port, token, "GET", "/api/workflows/" + id, "", connections, seconds);
    scenario("health", sync_name, port, token, "GET", "/health", "", connections, seconds);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int connections = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
    if (flag == "--connections") connections = std::stoi(argv[i + 1]);
  }
  run(weft::storage::sync_mode::group, "group", connections, seconds);
  run(weft::storage::sync_mode::none, "none", connections, seconds);
  return 0;
}
