#include "services/scheduler.hpp"

#include <algorithm>
#include <chrono>

#include "core/expr/value_ops.hpp"
#include "storage/schedule_store.hpp"
#include "storage/workflow_store.hpp"

namespace weft::services {
namespace {

using json = nlohmann::json;

std::string key(const std::string& tenant, const std::string& workflow_id, const std::string& step_id) {
  return tenant + '\0' + workflow_id + '\0' + step_id;
}

std::string workflow_prefix(const std::string& tenant, const std::string& workflow_id) {
  return tenant + '\0' + workflow_id + '\0';
}

scheduled_run run_of(const schedule_entry& e, std::int64_t scheduled_at, std::int64_t now, bool missed) {
  scheduled_run r;
  r.tenant = e.tenant;
  r.workflow_id = e.workflow_id;
  r.execution_id = "sch_" + e.workflow_id + "." + e.step_id + "." + std::to_string(scheduled_at / 1000);
  r.input = {{"trigger", "schedule"},
             {"step_id", e.step_id},
             {"scheduled_at", core::expr::iso_timestamp(scheduled_at)},
             {"fired_at", core::expr::iso_timestamp(now)},
             {"cron", e.cron_text},
             {"timezone", e.time_zone},
             {"missed", missed}};
  return r;
}

}  // namespace

due_runs runs_due(const schedule_entry& e, std::int64_t now) {
  due_runs r;
  r.handled_up_to = e.last_handled;
  const std::int64_t cutoff = now - missed_grace_ms;
  std::int64_t first = core::next_fire(e.cron, e.time_zone, e.last_handled);
  if (first == 0 || first > now) return r;
  if (first < cutoff) {
    // Missed runs: find the latest without walking years of minutes — start from a window
    // before the cutoff, widening it until it holds one.
    constexpr std::int64_t hour = 3'600'000;
    for (std::int64_t window : {hour, 24 * hour, 32 * 24 * hour, 400 * 24 * hour, 5 * 366 * 24 * hour}) {
      std::int64_t f = core::next_fire(e.cron, e.time_zone, std::max(e.last_handled, cutoff - window));
      if (f == 0 || f >= cutoff) continue;
      for (int steps = 0; steps < 100'000; ++steps) {
        const std::int64_t n = core::next_fire(e.cron, e.time_zone, f);
        if (n == 0 || n >= cutoff) break;
        f = n;
      }
      r.missed_latest = f;
      break;
    }
    r.handled_up_to = std::max(r.handled_up_to, r.missed_latest);
  }
  for (std::int64_t t = core::next_fire(e.cron, e.time_zone, r.handled_up_to); t != 0 && t <= now;
       t = core::next_fire(e.cron, e.time_zone, t)) {
    r.on_time.push_back(t);
    r.handled_up_to = t;
  }
  return r;
}

scheduler::scheduler(const storage::workflow_store& workflows, storage::schedule_store& state, clock_fn now, start_fn start)
    : workflows_(workflows), state_(state), now_(std::move(now)), start_(std::move(start)) {}

scheduler::~scheduler() { stop(); }

bool scheduler::load(std::string& why) {
  std::vector<std::pair<std::string, std::string>> ids;
  auto s = workflows_.for_each([&ids](const storage::workflow_record& w) {
    ids.emplace_back(w.tenant, w.id);
    return true;
  });
  if (!s.is_ok()) {
    why = "reading the workflows' schedules: " + s.to_string();
    return false;
  }
  for (const auto& [tenant, id] : ids) read_workflow(tenant, id);
  run_due();
  return true;
}

void scheduler::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void scheduler::on_change(const core::workflow_change& change) {
  read_workflow(change.tenant, change.workflow_id);
  if (change.change == "deleted") (void)state_.forget(change.tenant, change.workflow_id);
  {
    std::lock_guard lock(mutex_);
    changed_ = true;
  }
  wake_.notify_all();
}

// The schedules in the definition that `execute` would run: the published version, else the
// latest. A schedule whose cron and zone are unchanged keeps its place.
void scheduler::read_workflow(const std::string& tenant, const std::string& workflow_id) {
  storage::workflow_record w;
  json definition;
  if (workflows_.get(tenant, workflow_id, w).is_ok()) {
    definition = std::move(w.definition);
    if (w.active_version != 0) {
      storage::version_record v;
      if (workflows_.get_version(tenant, workflow_id, w.active_version, v).is_ok()) definition = std::move(v.definition);
    }
  }
  std::map<std::string, schedule_entry> before;
  {
    std::lock_guard lock(mutex_);
    const std::string prefix = workflow_prefix(tenant, workflow_id);
    for (auto it = entries_.lower_bound(prefix); it != entries_.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
      before.emplace(it->second.step_id, std::move(it->second));
      it = entries_.erase(it);
    }
  }
  if (!definition.is_object()) return;
  const std::int64_t now = now_();
  for (const auto& step : definition.value("steps", json::array())) {
    if (!step.is_object() || step.value("type", "") != "schedule") continue;
    const json config = step.value("config", json::object());
    schedule_entry e;
    e.tenant = tenant;
    e.workflow_id = workflow_id;
    e.step_id = step.value("id", "");
    e.cron_text = config.value("cron", "");
    e.time_zone = config.value("timezone", "UTC");
    e.run_missed_once = config.value("missed", "skip") == "run_once";
    std::string why;
    auto cron = core::parse_cron(e.cron_text, why);
    if (!cron || !core::is_time_zone(e.time_zone)) continue;  // validation refuses these; an old record may hold one
    e.cron = *cron;
    if (auto b = before.find(e.step_id); b != before.end() && b->second.cron_text == e.cron_text && b->second.time_zone == e.time_zone) {
      e.last_handled = b->second.last_handled;
    } else if (b == before.end() && state_.last_handled(tenant, workflow_id, e.step_id, e.last_handled).is_ok()) {
      // Known from before a restart: runs missed since then count.
    } else {
      // New (or its timing changed): it starts counting now.
      e.last_handled = now;
      (void)state_.set_last_handled(tenant, workflow_id, e.step_id, now);
    }
    e.next_due = core::next_fire(e.cron, e.time_zone, e.last_handled);
    std::lock_guard lock(mutex_);
    entries_[key(tenant, workflow_id, e.step_id)] = std::move(e);
  }
}

std::int64_t scheduler::run_due() {
  std::vector<scheduled_run> runs;
  std::vector<schedule_entry> handled;
  std::int64_t earliest = 0;
  {
    std::lock_guard lock(mutex_);
    const std::int64_t now = now_();
    for (auto& [k, e] : entries_) {
      if (e.next_due != 0 && e.next_due <= now) {
        const due_runs due = runs_due(e, now);
        if (due.missed_latest != 0 && e.run_missed_once && due.on_time.empty()) runs.push_back(run_of(e, due.missed_latest, now, true));
        for (auto t : due.on_time) runs.push_back(run_of(e, t, now, false));
        e.last_handled = due.handled_up_to;
        e.next_due = core::next_fire(e.cron, e.time_zone, e.last_handled);
        handled.push_back(e);
      }
      if (e.next_due != 0 && (earliest == 0 || e.next_due < earliest)) earliest = e.next_due;
    }
  }
  // Started first, recorded after: a crash in between repeats a start, which the
  // execution id (from the scheduled time) makes harmless.
  for (const auto& r : runs) start_(r);
  for (const auto& e : handled) (void)state_.set_last_handled(e.tenant, e.workflow_id, e.step_id, e.last_handled);
  return earliest;
}

std::vector<schedule_entry> scheduler::list(const std::string& tenant) const {
  std::lock_guard lock(mutex_);
  std::vector<schedule_entry> out;
  const std::string prefix = tenant + '\0';
  for (auto it = entries_.lower_bound(prefix); it != entries_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.push_back(it->second);
  }
  return out;
}

void scheduler::loop() {
  for (;;) {
    const std::int64_t next = run_due();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    // Woken early by a change (the next due time may have moved) or by stop().
    const std::int64_t wait = next == 0 ? 60'000 : std::clamp<std::int64_t>(next - now_(), 0, 60'000);
    wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_ || changed_; });
    if (stopping_) return;
    changed_ = false;
  }
}

}  // namespace weft::services
