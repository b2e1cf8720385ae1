// SPEC §10 over HTTP, measured as a user measures an engine (issue [5/6]): the real
// `weft serve` binary as a child process on loopback, and a closed loop of 32 executions in
// flight from this machine, each `POST /api/workflows/{id}/execute?wait_ms=30000` answered
// with the finished execution — its status and output checked — before the connection sends
// the next: 100 executions of warm-up, then 2,000 measured. chain10 and fanout8, both sync
// modes, each run twice. One JSON line per run: executions/s, the request latency p50/p99,
// the server's CPU per step and RSS, and the generator's own CPU (it shares the 2 cores).
// Usage: weft_bench_http_execute [--executions 2000] [--warmup 100] [--inflight 32] [--runs 2]
//                                [--workload chain10|fanout8] [--sync none|group]
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
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

struct settings {
  long executions = 2000;
  long warmup = 100;
  int inflight = 32;
  int runs = 2;
  std::vector<std::string> workloads{"chain10", "fanout8"};
  std::vector<std::string> syncs{"none", "group"};
};

// What each workload answers for the input {"n": 1} (see its description).
json expected_output(const std::string& workload) {
  if (workload == "chain10") return {{"n", 11}};
  json branches = json::array();  // the join's array of its eight inputs, branch i adding i
  for (int i = 1; i <= 8; ++i) branches.push_back({{"n", 1 + i}});
  return {{"items", branches}};
}

double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void run(const std::string& workload, const std::string& sync, const settings& s) {
  const json def = weft::bench::workload(workload);
  const long steps = static_cast<long>(def["steps"].size());
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
    const std::string target = "/api/workflows/" + json::parse(body)["id"].get<std::string>() + "/execute?wait_ms=30000";
    const json expected = expected_output(workload);
    std::atomic<bool> told{false};
    weft::bench::load_plan plan{s.inflight, 0, s.warmup, [&](int code, const std::string& answer) {
                                  const json got = json::parse(answer, nullptr, false);
                                  const bool right = code == 200 && got.is_object() && got.value("status", "") == "completed" &&
                                                     got.contains("output") && got["output"] == expected;
                                  if (!right && !told.exchange(true)) std::fprintf(stderr, "unexpected answer %d: %s\n", code, answer.c_str());
                                  return right;
                                }};
    const std::string input = R"({"input": {"n": 1}})";
    const auto warm = weft::bench::closed_loop(server.port(), token, "POST", target, input, plan);

    plan.requests = s.executions;
    const double server_cpu_before = server.cpu_seconds();
    const double own_cpu_before = process_cpu_seconds();
    auto r = weft::bench::closed_loop(server.port(), token, "POST", target, input, plan);
    const double server_cpu = server.cpu_seconds() - server_cpu_before;
    const double own_cpu = process_cpu_seconds() - own_cpu_before;
    const long completed = r.requests - r.failures;
    json line = {{"name", "http_execute_" + workload},
                 {"sync", sync},
                 {"inflight", s.inflight},
                 {"executions_per_s", static_cast<double>(completed) / r.seconds},
                 {"p50_ms", r.percentile(0.50) / 1000.0},
                 {"p99_ms", r.percentile(0.99) / 1000.0},
                 {"server_cpu_us_per_step", server_cpu * 1e6 / static_cast<double>(r.requests * steps)},
                 {"server_cpu_cores", server_cpu / r.seconds},
                 {"generator_cpu_cores", own_cpu / r.seconds},
                 {"server_rss_mb", static_cast<double>(server.rss_bytes()) / (1024.0 * 1024.0)},
                 {"server_peak_rss_mb", static_cast<double>(server.peak_rss_bytes()) / (1024.0 * 1024.0)},
                 {"steps_per_execution", steps},
                 {"completed", completed},
                 {"failed", r.failures + warm.failures},
                 {"seconds", r.seconds}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  const char* usage =
      "usage: weft_bench_http_execute [--executions 2000] [--warmup 100] [--inflight 32] [--runs 2]\n"
      "                               [--workload chain10|fanout8] [--sync none|group]\n";
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--help" || i + 1 == argc) {  // a flag without its value is not a run
      std::fputs(usage, flag == "--help" ? stdout : stderr);
      return flag == "--help" ? 0 : 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--executions") s.executions = std::stol(value);
    else if (flag == "--warmup") s.warmup = std::stol(value);
    else if (flag == "--inflight") s.inflight = std::stoi(value);
    else if (flag == "--runs") s.runs = std::stoi(value);
    else if (flag == "--workload") s.workloads = {value};
    else if (flag == "--sync") s.syncs = {value};
    else {
      std::fprintf(stderr, "unknown flag %s\n%s", flag.c_str(), usage);
      return 2;
    }
  }
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  for (const auto& w : s.workloads) {
    for (const auto& sync : s.syncs) {
      for (int i = 0; i < s.runs; ++i) run(w, sync, s);
    }
  }
  return 0;
}
