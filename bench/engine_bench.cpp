// SPEC §10 in-process: chain10 and fanout8 executions per second with a closed loop of 32
// executions in flight, in both sync modes; each driver starts an execution and awaits its end
// in one request (`start_execution.await_ms`, what `POST …/execute?wait_ms=` sends), then starts
// the next. Prints one JSON line per run.
// Then the engine's overhead per step with one execution in flight.
// Usage: weft_bench_engine [--seconds 3] [--inflight 32] [--workload chain10|fanout8] [--sync none|group]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "app/heap.hpp"
#include "app/node.hpp"
#include "app/node_parts.hpp"
#include "bench/temp_dir.hpp"
#include "bench/workloads/workload.hpp"

namespace {

using namespace weft;
using json = nlohmann::json;
using go_atom = caf::atom_constant<caf::atom("go")>;

struct driver_state {
  int n = 0;
};

caf::behavior driver(caf::stateful_actor<driver_state>* self, caf::actor engine, std::string definition, std::string prefix,
                     std::chrono::steady_clock::time_point deadline, std::atomic<long>* done, std::atomic<long>* failed,
                     std::vector<double>* latencies_us) {
  self->send(self, go_atom::value);
  return {
      [=](go_atom) {
        if (std::chrono::steady_clock::now() >= deadline) {
          self->quit();
          return;
        }
        const std::string id = prefix + std::to_string(self->state.n++);
        const auto started = std::chrono::steady_clock::now();
        // One request that starts the execution and answers with its end, as
        // `POST …/execute?wait_ms=` asks the engine (the waiter is in place before the start).
        actors::start_execution start{"bench", id, "wf", 1, definition, R"({"n": 1})"};
        start.await_ms = 60'000;
        self->request(engine, caf::infinite, std::move(start))
            .then(
                [=](std::string& state) {
                  if (latencies_us) {
                    latencies_us->push_back(
                        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count());
                  }
                  if (state.find("\"status\":\"completed\"") != std::string::npos) ++*done;
                  else ++*failed;
                  self->send(self, go_atom::value);
                },
                [=](caf::error&) {
                  ++*failed;
                  self->send(self, go_atom::value);
                });
      },
  };
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// With one execution in flight (`latencies_us` given), also the engine's overhead per step:
// an execution's latency from start to its awaited end, divided by its steps (they do no
// work of their own), p50 and p99.
void run(const char* workload, storage::sync_mode mode, const char* sync_name, int inflight, double seconds,
         bool per_step_overhead = false) {
  const json def = bench::workload(workload);
  const std::size_t steps = def["steps"].size();
  {
    bench::temp_dir temp;
    app::node_options options;
    options.db_path = temp.path() + "/db";
    options.sync = mode;
    std::string why;
    auto node = app::node::open(std::move(options), why);
    if (!node) {
      std::fprintf(stderr, "the node did not open: %s\n", why.c_str());
      return;
    }
    caf::actor_system& sys = *node->parts().actor_system;
    const caf::actor engine = node->parts().engine;
    std::atomic<long> done{0}, failed{0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                                 std::chrono::duration<double>(seconds));
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t allocations_before = app::heap().allocations;
    std::vector<caf::actor> drivers;
    std::vector<double> latencies_us;
    for (int i = 0; i < inflight; ++i) {
      drivers.push_back(sys.spawn(driver, engine, def.dump(), "d" + std::to_string(i) + "-", deadline, &done, &failed,
                                  per_step_overhead && i == 0 ? &latencies_us : nullptr));
    }
    caf::scoped_actor self{sys};
    for (auto& d : drivers) self->wait_for(d);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    json line = {{"name", std::string("engine_") + workload},
                 {"sync", sync_name},
                 {"inflight", inflight},
                 {"executions_per_s", done / elapsed},
                 {"step_transitions_per_s", done * static_cast<double>(steps) / elapsed},
                 {"completed", done.load()},
                 {"failed", failed.load()}};
    // Every allocation of the process while it ran (the drivers' own are a few per execution);
    // 0 where the allocator does not count them (the sanitized builds).
    if (const std::uint64_t after = app::heap().allocations; after > allocations_before && done > 0) {
      line["allocations_per_execution"] = static_cast<double>(after - allocations_before) / static_cast<double>(done.load());
    }
    if (per_step_overhead) {
      line["name"] = std::string("engine_step_overhead_") + workload;
      line["step_overhead_p50_us"] = percentile(latencies_us, 0.50) / static_cast<double>(steps);
      line["step_overhead_p99_us"] = percentile(latencies_us, 0.99) / static_cast<double>(steps);
    }
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int inflight = 32;
  std::string only_workload, only_sync;  // empty: every one (a profile wants one)
  const char* usage =
      "usage: weft_bench_engine [--seconds 3] [--inflight 32] [--workload chain10|fanout8] [--sync none|group]\n";
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::fputs(usage, stdout);
      return 0;
    }
    if (i + 1 == argc || (flag != "--seconds" && flag != "--inflight" && flag != "--workload" && flag != "--sync")) {  // not a run anyone asked for
      std::fprintf(stderr, "unknown flag or missing value: %s\n%s", flag.c_str(), usage);
      return 2;
    }
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
    if (flag == "--inflight") inflight = std::stoi(argv[i + 1]);
    if (flag == "--workload") only_workload = argv[i + 1];
    if (flag == "--sync") only_sync = argv[i + 1];
  }
  const auto wanted = [&](const char* workload, const char* sync) {
    return (only_workload.empty() || only_workload == workload) && (only_sync.empty() || only_sync == sync);
  };
  for (const char* w : {"chain10", "fanout8"}) {
    if (wanted(w, "none")) run(w, storage::sync_mode::none, "none", inflight, seconds);
    if (wanted(w, "group")) run(w, storage::sync_mode::group, "group", inflight, seconds);
  }
  if (wanted("chain10", "none")) run("chain10", storage::sync_mode::none, "none", 1, seconds, true);
  if (wanted("chain10", "group")) run("chain10", storage::sync_mode::group, "group", 1, seconds, true);
  return 0;
}
