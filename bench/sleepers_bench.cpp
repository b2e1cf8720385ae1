// SPEC §10: memory per sleeping execution, passivated and live, and restart-to-resumed time.
// Starts N `sleepers` executions (a one-hour durable timer) with 256 starts in flight,
// waits until they have settled, and reads the process RSS; then restarts the node on the
// same database and times recovery, from opening the database to the resumed engine's first
// answer (it answers nothing before it is done).
// Prints one JSON line per mode; RSS is read after the allocator gave back its free pages, and
// includes RocksDB's memtables (the events just written), so "passivated" is an upper bound
// for the engine.
// Usage: weft_bench_sleepers [--count 100000] [--live-count 10000]
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>

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

// Resident memory after handing freed heap back to the OS, so what is counted is what lives.
double rss_mib() {
  app::release_free_heap();  // the allocator `weft serve` has (app/heap.hpp)
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

struct starter_state {
  long next = 0;
  long answered = 0;
};

// Starts `count` executions, `window` at a time; quits when every start was answered.
caf::behavior starter(caf::stateful_actor<starter_state>* self, caf::actor engine, std::string definition, long count,
                      int window, std::atomic<long>* failed) {
  for (int i = 0; i < window; ++i) self->send(self, go_atom::value);
  return {
      [=](go_atom) {
        auto& s = self->state;
        if (s.next >= count) return;
        const std::string id = "s" + std::to_string(s.next++);
        self->request(engine, caf::infinite, actors::start_execution{"bench", id, "wf", 1, definition, R"({"sleep_ms": 3600000, "n": 1})"})
            .then(
                [=](std::string&) {
                  if (++self->state.answered == count) self->quit();
                  else self->send(self, go_atom::value);
                },
                [=](caf::error&) {
                  ++*failed;
                  if (++self->state.answered == count) self->quit();
                  else self->send(self, go_atom::value);
                });
      },
  };
}

// Waits until the actor count stops falling (passivation leaves no event to wait on).
void settle(caf::actor_system& sys, std::size_t floor) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (sys.registry().running() > floor && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void run(const char* mode, long count, std::int64_t passivate_after_ms) {
  const std::string definition = bench::workload("sleepers").dump();
  bench::temp_dir temp;
  app::node_options options;
  options.db_path = temp.path() + "/db";
  options.sync = storage::sync_mode::none;
  options.engine.passivate_after_ms = passivate_after_ms;
  std::string why;
  double before = 0, after = 0, start_seconds = 0, recovery_ms = 0, storage_bytes = 0;
  std::atomic<long> failed{0};
  {
    auto node = app::node::open(options, why);
    if (!node) {
      std::fprintf(stderr, "the node did not open: %s\n", why.c_str());
      return;
    }
    caf::actor_system& sys = *node->parts().actor_system;
    const caf::actor engine = node->parts().engine;
    caf::scoped_actor self{sys};
    const std::size_t idle = sys.registry().running();
    before = rss_mib();
    const auto t0 = std::chrono::steady_clock::now();
    auto s = sys.spawn(starter, engine, definition, count, 256, &failed);
    self->wait_for(s);
    start_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Passivated: back to the idle actor count. Live: two actors per execution stay.
    settle(sys, passivate_after_ms > 0 ? idle : idle + 2 * static_cast<std::size_t>(count));
    after = rss_mib();
    for (const auto& [family, bytes] : node->parts().db->sizes()) storage_bytes += static_cast<double>(bytes);
  }
  // A restart: from opening the database to the first answer of the resumed engine.
  {
    const auto t0 = std::chrono::steady_clock::now();
    auto node = app::node::open(options, why);
    if (!node) {
      std::fprintf(stderr, "the node did not reopen: %s\n", why.c_str());
      return;
    }
    caf::scoped_actor self{*node->parts().actor_system};
    self->request(node->parts().engine, caf::infinite, actors::query_execution{"bench", "s0"}).receive([](std::string&) {}, [](caf::error&) {});
    recovery_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }
  json line = {{"name", "sleepers"},
               {"mode", mode},
               {"executions", count},
               {"failed", failed.load()},
               {"starts_per_s", static_cast<double>(count) / start_seconds},
               {"rss_before_mib", before},
               {"rss_after_mib", after},
               {"rss_per_execution_bytes", (after - before) * 1024.0 * 1024.0 / static_cast<double>(count)},
               {"rocksdb_bytes_per_execution", storage_bytes / static_cast<double>(count)},
               {"restart_to_resumed_ms", recovery_ms}};
  std::printf("%s\n", line.dump().c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  long count = 100'000;
  long live_count = 10'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--count") count = std::stol(argv[i + 1]);
    if (flag == "--live-count") live_count = std::stol(argv[i + 1]);
  }
  // Each mode in its own process, so one's heap does not count for the other.
  for (auto [mode, n, threshold] : {std::tuple{"live", live_count, std::int64_t{0}}, std::tuple{"passivated", count, std::int64_t{1000}}}) {
    const pid_t child = ::fork();
    if (child == 0) {
      run(mode, n, threshold);
      std::_Exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
  }
  return 0;
}
