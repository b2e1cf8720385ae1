// Group commit through the log-writer actor: C closed-loop appenders (each sends one
// event, waits until it is durable, sends the next) for a few seconds, with --sync=group
// and --sync=none. Shows how grouping turns fsyncs/s into events/s as concurrency grows.
// Usage: weft_bench_log_writer [--seconds 2]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/log_writer.hpp"
#include "actors/messages.hpp"
#include "actors/system_config.hpp"
#include "bench/temp_database.hpp"
#include "storage/database.hpp"

namespace {

using namespace weft;

struct counters {
  std::atomic<long> events{0};
  std::atomic<long> groups_seen{0};  // sum of group sizes reported, to derive the mean group
};

using go_atom = caf::atom_constant<caf::atom("go")>;

struct appender_state {
  std::uint64_t seq = 0;
};

// Appends events of its own execution one at a time until the deadline.
caf::behavior appender(caf::stateful_actor<appender_state>* self, caf::actor writer, std::string execution,
                       std::chrono::steady_clock::time_point deadline, counters* c) {
  self->send(self, go_atom::value);
  return {
      [=](go_atom) {
        if (std::chrono::steady_clock::now() >= deadline) {
          self->quit();
          return;
        }
        core::event e;
        e.seq = ++self->state.seq;
        e.type = e.seq == 1 ? core::event_type::execution_created : core::event_type::log;
        e.at_ms = 1;
        e.data = {{"payload", std::string(150, 'x')}};
        self->request(writer, caf::infinite, actors::append_events{"bench", execution, {actors::to_wire(e)}, "", "wf", ""})
            .then(
                [=](std::uint64_t group) {
                  c->events.fetch_add(1, std::memory_order_relaxed);
                  c->groups_seen.fetch_add(static_cast<long>(group), std::memory_order_relaxed);
                  self->send(self, go_atom::value);
                },
                [=](caf::error&) { self->quit(); });
      },
  };
}

void run(storage::sync_mode mode, const char* sync_name, int concurrency, double seconds) {
  {
    bench::temp_database temp(mode);
    if (!temp.ok()) return;
    storage::event_log log(temp.db());
    actors::system_config cfg;
    caf::actor_system sys{cfg};
    auto writer = actors::spawn_log_writer(sys, log);
    counters c;
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    auto start = std::chrono::steady_clock::now();
    std::vector<caf::actor> appenders;
    for (int i = 0; i < concurrency; ++i) appenders.push_back(sys.spawn(appender, writer, "e" + std::to_string(i), deadline, &c));
    caf::scoped_actor self{sys};
    for (auto& a : appenders) self->wait_for(a);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    self->send_exit(writer, caf::exit_reason::user_shutdown);
    self->wait_for(writer);
    long events = c.events.load();
    nlohmann::json line = {{"name", "log_writer_closed_loop"},
                           {"sync", sync_name},
                           {"appenders", concurrency},
                           {"events_per_s", events / elapsed},
                           {"mean_group", events ? static_cast<double>(c.groups_seen.load()) / events : 0.0}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--seconds") seconds = std::stod(argv[i + 1]);
  }
  for (int concurrency : {1, 16, 256}) {
    run(storage::sync_mode::group, "group", concurrency, seconds);
    run(storage::sync_mode::none, "none", concurrency, seconds);
  }
  return 0;
}
