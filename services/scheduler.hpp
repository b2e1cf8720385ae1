// The `schedule` trigger's clock (SPEC §3): it knows every schedule step of every tenant's
// workflows (read at start-up, kept current from workflow changes), and starts an execution
// whenever one falls due. Runs missed while the node was down (more than a grace period late)
// follow the step's `missed` policy: `skip` (default) runs none of them, `run_once` runs one
// for the latest. Each run's execution id is derived from its scheduled time, so a run is
// started at most once even when a crash comes between the start and the bookkeeping.
//
// The clock is injected: its own thread waits on real time, but reads the time from
// `now`, so tests can run it with an offset, or call run_due() with a clock of their own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cron.hpp"
#include "core/workflow_change.hpp"

namespace weft::storage {
class workflow_store;
class schedule_store;
}  // namespace weft::storage

namespace weft::services {

/// A run the scheduler wants started.
struct scheduled_run {
  std::string tenant;
  std::string workflow_id;
  std::string execution_id;  // sch_<workflow>.<step>.<unix seconds of the scheduled time>
  nlohmann::json input;      // { trigger, step_id, scheduled_at, fired_at, cron, timezone, missed }
};

/// One schedule step as the scheduler holds it (GET /api/schedules shows these).
struct schedule_entry {
  std::string tenant;
  std::string workflow_id;
  std::string step_id;
  std::string cron_text;
  core::cron_expr cron;
  std::string time_zone = "UTC";
  bool run_missed_once = false;     // missed: run_once
  std::int64_t last_handled = 0;    // the latest scheduled time fired or skipped (unix ms)
  std::int64_t next_due = 0;        // 0: never again
};

/// What falls due for one schedule between its last handled time and `now`.
struct due_runs {
  std::vector<std::int64_t> on_time;  // scheduled times within the grace period: run each
  std::int64_t missed_latest = 0;      // the latest scheduled time older than that (0: none)
  std::int64_t handled_up_to = 0;      // the new last handled time
};

/// Late by more than this, a run counts as missed.
inline constexpr std::int64_t missed_grace_ms = 60'000;

/// The pure decision (tested with any clock).
[[nodiscard]] due_runs runs_due(const schedule_entry& e, std::int64_t now_ms);

class scheduler {
 public:
  using clock_fn = std::function<std::int64_t()>;
  using start_fn = std::function<void(const scheduled_run&)>;

  /// `workflows` and `state` must outlive the scheduler. `start` is called on the
  /// scheduler's thread (or run_due's caller) and must not block for long.
  scheduler(const storage::workflow_store& workflows, storage::schedule_store& state, clock_fn now, start_fn start);
  ~scheduler();
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;

  /// Reads every workflow's schedules; runs what was missed (per policy); false with `why`.
  bool load(std::string& why);
  /// Starts the thread that runs schedules as they fall due.
  void start();
  /// Stops the thread (also done by the destructor).
  void stop();

  /// A workflow changed: its schedules are read again (a deleted one's are dropped).
  void on_change(const core::workflow_change& change);
  /// Starts every run due by now; the earliest next due time (0: none).
  std::int64_t run_due();
  /// The tenant's schedules, by workflow and step.
  [[nodiscard]] std::vector<schedule_entry> list(const std::string& tenant) const;

 private:
  void read_workflow(const std::string& tenant, const std::string& workflow_id);
  void add_entries(const std::string& tenant, const std::string& workflow_id, const nlohmann::json& definition);
  void loop();

  const storage::workflow_store& workflows_;
  storage::schedule_store& state_;
  clock_fn now_;
  start_fn start_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, schedule_entry> entries_;  // tenant\0workflow\0step
  bool stopping_ = false;
  bool changed_ = false;  // a workflow changed since the thread last looked
  std::thread thread_;
};

}  // namespace weft::services
