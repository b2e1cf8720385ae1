// Requests per second over loopback for the workflow API (issue [2/6]): an in-process
// `weft serve` stack (RocksDB in a temp dir, the Beast server, JWT auth) and keep-alive
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

#include "bench/http_load.hpp"
#include "bench/temp_database.hpp"
#include "core/expr/value_ops.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "nodes/registry.hpp"
#include "services/workflow_service.hpp"
#include "storage/database.hpp"
#include "storage/workflow_store.hpp"

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
    bench::temp_database temp(mode);
    if (!temp.ok()) return;
    storage::workflow_store store(temp.db());
    services::workflow_service service(store, nodes::registry::builtin(), core::expr::system_now_ms);
    std::string why;
    auto auth = http::authenticator::make("bench-secret-0123456789", why);
    http::api api(*auth, service, {});
    http::server_options so;
    so.port = 0;
    http::server server(so,
                        [&api](http::request& req, http::respond_fn respond) { api.handle(req, std::move(respond)); });
    if (!server.start(why)) {
      std::fprintf(stderr, "%s\n", why.c_str());
      return;
    }
    const std::string token = auth->issue({"bench", "bench", {}}, std::chrono::hours(1));
    scenario("create_workflow", sync_name, server.port(), token, "POST", "/api/workflows", definition.dump(),
             connections, seconds);
    // Read one workflow back many times.
    auto list = service.list({"bench", "bench"}, {});
    std::string id = list.value()["workflows"][0]["id"];
    scenario("get_workflow", sync_name, server.port(), token, "GET", "/api/workflows/" + id, "", connections, seconds);
    scenario("health", sync_name, server.port(), token, "GET", "/health", "", connections, seconds);
    server.stop();
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
