// The floor of the actor shape SPEC §1 fixes, measured alone: what a chain10 execution costs
// in CAF when its actors and messages do nothing else — no JSON, no expressions, no RocksDB.
// Per execution, as the engine does it (docs/architecture.md, "The hot path"): a start
// request to the engine, which spawns the execution (monitored); the execution spawns its
// supervisor (linked); per step a run_attempt to the supervisor, which spawns the step's run
// (monitored), whose outcome goes to the supervisor and on to the execution; one append
// request to a single writer actor; the answer handed to the engine, which answers the start.
// Same actor system configuration and allocator as `weft serve`. The difference between
// this and weft_bench_engine is what Weft's own code costs; this is what the architecture
// costs on this machine whatever Weft's code does.
// Usage: weft_bench_actor_floor [--seconds 3] [--inflight 32] [--steps 12]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/system_config.hpp"
#include "app/heap.hpp"

namespace {

using start_atom = caf::atom_constant<caf::atom("start")>;
using attempt_atom = caf::atom_constant<caf::atom("attempt")>;
using outcome_atom = caf::atom_constant<caf::atom("outcome")>;
using append_atom = caf::atom_constant<caf::atom("append")>;
using go_atom = caf::atom_constant<caf::atom("go")>;

// A step run: reports its outcome to the supervisor and ends.
caf::behavior step_run(caf::event_based_actor* self, caf::actor supervisor, int step, std::string id) {
  self->send(supervisor, outcome_atom::value, step, std::move(id));
  self->quit();
  return {};
}

struct supervisor_state {
  caf::actor execution;
};

caf::behavior supervisor(caf::stateful_actor<supervisor_state>* self, caf::actor execution) {
  self->state.execution = std::move(execution);
  self->set_down_handler([](caf::down_msg&) {});  // the runs it monitors end after reporting
  return {
      [=](attempt_atom, int step, std::string& id) {
        self->spawn<caf::monitored>(step_run, caf::actor_cast<caf::actor>(self), step, std::move(id));
      },
      [=](outcome_atom, int step, std::string& id) { self->send(self->state.execution, outcome_atom::value, step, std::move(id)); },
  };
}

struct execution_state {
  caf::actor supervisor;
  caf::response_promise answer;
};

caf::behavior execution(caf::stateful_actor<execution_state>* self, caf::actor writer, int steps, std::string id) {
  self->state.supervisor = self->spawn<caf::linked>(supervisor, caf::actor_cast<caf::actor>(self));
  return {
      [=](start_atom) -> caf::result<std::string> {
        self->state.answer = self->make_response_promise();
        self->send(self->state.supervisor, attempt_atom::value, 1, id);
        return caf::delegated<std::string>();
      },
      [=](outcome_atom, int step, std::string&) {
        if (step < steps) {
          self->send(self->state.supervisor, attempt_atom::value, step + 1, id);
          return;
        }
        self->request(writer, caf::infinite, append_atom::value, id).then([=](std::uint64_t) {
          self->state.answer.deliver(std::string("completed"));
          self->quit();
        });
      },
  };
}

caf::behavior writer(caf::event_based_actor*) {
  std::uint64_t count = 0;
  return {[count](append_atom, const std::string&) mutable { return ++count; }};
}

struct engine_state {
  std::uint64_t next = 0;
};

caf::behavior engine(caf::stateful_actor<engine_state>* self, caf::actor writer, int steps) {
  self->set_down_handler([](caf::down_msg&) {});
  return {
      [=](start_atom) {
        auto x = self->spawn<caf::monitored>(execution, writer, steps, "ex_" + std::to_string(self->state.next++));
        return self->delegate(x, start_atom::value);
      },
  };
}

caf::behavior driver(caf::event_based_actor* self, caf::actor engine, std::chrono::steady_clock::time_point deadline,
                     std::atomic<long>* done) {
  self->send(self, go_atom::value);
  return {
      [=](go_atom) {
        if (std::chrono::steady_clock::now() >= deadline) return self->quit();
        self->request(engine, caf::infinite, start_atom::value).then([=](const std::string&) {
          ++*done;
          self->send(self, go_atom::value);
        });
      },
  };
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int inflight = 32;
  int steps = 12;
  const char* usage = "usage: weft_bench_actor_floor [--seconds 3] [--inflight 32] [--steps 12]\n";
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::fputs(usage, stdout);
      return 0;
    }
    if (i + 1 == argc || (flag != "--seconds" && flag != "--inflight" && flag != "--steps")) {
      std::fprintf(stderr, "unknown flag or missing value: %s\n%s", flag.c_str(), usage);
      return 2;
    }
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
    if (flag == "--inflight") inflight = std::stoi(argv[i + 1]);
    if (flag == "--steps") steps = std::stoi(argv[i + 1]);
  }
  weft::actors::system_config config;
  caf::actor_system sys{config};
  std::atomic<long> done{0};
  const std::uint64_t allocations_before = weft::app::heap().allocations;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  auto log_writer = sys.spawn(writer);
  auto eng = sys.spawn(engine, log_writer, steps);
  std::vector<caf::actor> drivers;
  for (int i = 0; i < inflight; ++i) drivers.push_back(sys.spawn(driver, eng, deadline, &done));
  {
    caf::scoped_actor self{sys};
    for (auto& d : drivers) self->wait_for(d);
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t allocations = weft::app::heap().allocations - allocations_before;
  const nlohmann::json line = {{"name", "actor_floor"},
                               {"steps", steps},
                               {"inflight", inflight},
                               {"executions_per_s", static_cast<double>(done.load()) / elapsed},
                               {"completed", done.load()},
                               {"allocations_per_execution", done > 0 ? static_cast<double>(allocations) / static_cast<double>(done.load()) : 0.0},
                               // app/heap.cpp linked in: jemalloc with `weft serve`'s arenas
                               {"heap_in_use_mb", static_cast<double>(weft::app::heap().in_use) / (1 << 20)}};
  std::printf("%s\n", line.dump().c_str());
  caf::anon_send_exit(eng, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log_writer, caf::exit_reason::user_shutdown);
  return 0;
}
