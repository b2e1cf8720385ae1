// SPEC §10 over HTTP, measured as competing engines are: the real `weft serve` binary as a
// child process on loopback, and a closed loop of 32 executions in flight on this machine,
// each `POST /api/workflows/{id}/execute?wait_ms=30000` answered 200 with the output
// before the connection sends the next. chain10 and fanout8, both sync modes; one JSON
// line per run with executions/s, step transitions/s and the request latency p50/p99.
// Usage: weft_bench_http_execute [--seconds 5] [--inflight 32]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/http_load.hpp"
#include "bench/serve_process.hpp"
#include "bench/workloads/workload.hpp"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

void run(const char* workload, const char* sync, int inflight, double seconds) {
  const json def = weft::bench::workload(workload);
  const std::size_t steps = def["steps"].size();
  std::string dir = (fs::temp_directory_path() / "weft_bench_http_XXXXXX").string();
  if (!::mkdtemp(dir.data())) return;
  {
    weft::bench::server_process server(dir, sync);
    if (server.port() == 0) {
      std::fprintf(stderr, "weft serve did not start\n");
      return;
    }
    const std::string token = weft::bench::token_for(dir);
    auto [status, body] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows", def.dump());
    if (status != 201) {
      std::fprintf(stderr, "creating the workflow failed: %d %s\n", status, body.c_str());
      return;
    }
    const std::string id = json::parse(body)["id"];
    auto r = weft::bench::closed_loop(server.port(), token, "POST", "/api/workflows/" + id + "/execute?wait_ms=30000",
                                      R"({"input": {"n": 1}})", inflight, seconds, 200);
    const long completed = r.requests - r.failures;
    json line = {{"name", std::string("http_execute_") + workload},
                 {"sync", sync},
                 {"inflight", inflight},
                 {"executions_per_s", static_cast<double>(completed) / r.seconds},
                 {"step_transitions_per_s", static_cast<double>(completed * static_cast<long>(steps)) / r.seconds},
                 {"p50_ms", r.percentile(0.50) / 1000.0},
                 {"p99_ms", r.percentile(0.99) / 1000.0},
                 {"completed", completed},
                 {"failed", r.failures}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int inflight = 32;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
    if (flag == "--inflight") inflight = std::stoi(argv[i + 1]);
  }
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  for (const char* w : {"chain10", "fanout8"}) {
    run(w, "none", inflight, seconds);
    run(w, "group", inflight, seconds);
  }
  return 0;
}
