// Event-log append rate (SPEC §10): batches of 1, 10 and 100 events of ~200 bytes, each
// batch one atomic write, with --sync=group (fsync per batch) and --sync=none.
#include <unistd.h>

#include <filesystem>

#include <benchmark/benchmark.h>

#include "bench/temp_database.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"

namespace {

namespace storage = weft::storage;
namespace bench = weft::bench;
namespace core = weft::core;

void append(benchmark::State& state, storage::sync_mode sync) {
  bench::temp_database temp(sync);
  if (!temp.ok()) {
    state.SkipWithError(temp.why().c_str());
    return;
  }
  storage::event_log log(temp.db());
  const auto per_batch = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t seq = 0;
  std::uint64_t execution = 0;
  for (auto _ : state) {
    // Spread each batch over executions the way a group commit from many executions does.
    std::vector<storage::execution_events> batch;
    for (std::uint64_t i = 0; i < per_batch; ++i) {
      if (batch.empty() || batch.back().events.size() == 4) {
        batch.push_back({"bench", "e-" + std::to_string(++execution % 1000), {}});
      }
      core::event e;
      e.seq = ++seq;
      e.type = core::event_type::step_completed;
      e.at_ms = 1'700'000'000'000;
      e.step_id = "s1";
      e.attempt = 1;
      e.data = {{"output", {{"n", seq}, {"payload", std::string(150, 'x')}}}, {"duration_ms", 3}};
      batch.back().events.push_back(std::move(e));
    }
    if (auto s = log.append(batch); !s.is_ok()) {
      state.SkipWithError(s.to_string().c_str());
      break;
    }
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * per_batch), benchmark::Counter::kIsRate);
  state.counters["batch"] = static_cast<double>(per_batch);
}

BENCHMARK_CAPTURE(append, sync_group, storage::sync_mode::group)->Arg(1)->Arg(10)->Arg(100)->UseRealTime();
BENCHMARK_CAPTURE(append, sync_none, storage::sync_mode::none)->Arg(1)->Arg(10)->Arg(100)->UseRealTime();

}  // namespace
