// The execution actor. Decisions are taken on the state folded so far (events are applied
// as they are made); side effects — outside calls, timers, answers, publication — happen
// only once the events that justify them are durable. Pure steps, which touch nothing
// outside, run at once: their events wait in `unsent` and share the next commit, so a chain
// of them costs one write, not one per step. A commit failure stops the actor: recovery
// replays the log, which holds nothing the actor did not also see.
#include "actors/execution.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <caf/all.hpp>

#include "actors/engine_error.hpp"
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/supervisor.hpp"
#include "actors/timer.hpp"
#include "core/execution_state.hpp"
#include "core/expr/compiled.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/value_ops.hpp"
#include "core/flow.hpp"
#include "core/graph.hpp"
#include "core/json_exact.hpp"
#include "core/workflow.hpp"
#include "nodes/registry.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {

using json = nlohmann::json;

struct execution_state_holder {
  static inline const char* name = "weft.execution";

  std::string tenant;
  std::string id;
  caf::actor writer;
  caf::actor supervisor;                            // runs the attempts; linked
  std::shared_ptr<const core::workflow> wf;
  std::shared_ptr<const core::graph> g;
  core::execution_state st;
  shared_json context{json::object()};              // { input, <step>: output, vars, execution }; shared with attempts
  std::uint64_t next_seq = 1;
  std::map<std::string, std::uint32_t> in_flight;   // step -> attempt running (or waiting) now
  std::shared_ptr<const execution_plan> plan;       // what wf and g come from, shared with other runs
  std::vector<core::event> unsent;                  // folded, not yet sent: what pure steps did
  std::optional<std::uint64_t> start_answer;        // a start answered once its first events are durable
  std::string last_output_step;                     // the output step reached last
  caf::actor engine;
  std::int64_t passivate_after_ms = 0;
  std::shared_ptr<const nodes::step_environment> environment;  // for the supervisor's step runs
  std::shared_ptr<worker_pool> workers;             // for the supervisor's placements
  std::uint32_t commits_in_flight = 0;              // sent to the writer, not yet durable
  std::uint64_t offered_at_seq = 0;                 // last_seq when passivation was last offered
  bool awaited = false;                             // the engine has waiters for the end
  std::uint32_t snapshot_every = 0;
  std::uint64_t snapshot_seq = 0;                   // last_seq of the latest snapshot
  std::map<std::string, json> pending_signals;      // arrived before a step waited for them
  std::uint64_t max_events = 0;                     // 0 = no cap
  std::string start_key;                            // the Idempotency-Key, claimed with the first commit
  std::uint64_t durable_seq = 0;                    // the last seq the log writer has confirmed
  struct unanswered_query {
    std::uint64_t seq;  // the answer shows the state at this seq: sent once it is durable
    caf::response_promise promise;
    std::string state;
  };
  std::vector<unanswered_query> queries;            // asked while their state was not yet durable
  std::map<std::uint64_t, caf::response_promise> held;  // answered once their commit is durable
  std::uint64_t last_held = 0;
  bool finished = false;
};

namespace {

using holder = caf::stateful_actor<execution_state_holder>;

std::int64_t now_ms() { return core::expr::system_now_ms(); }

core::event make(holder* self, core::event_type type, std::string step = "", json data = json::object(),
                 std::uint32_t attempt = 0) {
  core::event e;
  e.seq = self->state.next_seq++;
  e.type = type;
  e.at_ms = now_ms();
  e.step_id = std::move(step);
  e.attempt = attempt;
  e.data = std::move(data);
  return e;
}

// What the registry says of step `id` (outside for an unknown id: the cautious answer).
core::step_kind kind_of(holder* self, const std::string& id) {
  return self->state.plan ? self->state.plan->kind_of(id) : core::step_kind::outside;
}

bool gives_the_execution_output(holder* self, const std::string& id) {
  const nodes::step_type* type = self->state.plan ? self->state.plan->type_of(id) : nullptr;
  return type && type->info.execution_output;
}

// Folds events into the cached state and the expression context.
void fold(holder* self, const std::vector<core::event>& events) {
  auto& s = self->state;
  for (const auto& e : events) {
    core::fold_into(s.st, e);
    if (e.type == core::event_type::signal_received) {
      const std::string name = core::exact_field<std::string>(e.data, "name", "");
      if (e.step_id.empty()) s.pending_signals[name] = core::member_or_null(e.data, "payload");
      else s.pending_signals.erase(name);
    }
    if (e.type == core::event_type::step_completed) {
      s.context.edit()[e.step_id] = s.st.steps[e.step_id].output;
      if (gives_the_execution_output(self, e.step_id)) s.last_output_step = e.step_id;
    }
  }
}


// When nothing runs and the next thing to do is further away than the threshold, offers
// the engine to passivate (once per state).
void offer_rest(holder* self) {
  auto& s = self->state;
  if (!s.engine || s.passivate_after_ms <= 0 || s.finished || s.commits_in_flight > 0 || !s.unsent.empty()) return;
  if (s.offered_at_seq == s.st.last_seq) return;
  const core::rest r = core::rest_of(s.st);
  if (!r.at_rest || (r.wake_at != 0 && r.wake_at - now_ms() < s.passivate_after_ms)) return;
  s.offered_at_seq = s.st.last_seq;
  self->send(s.engine, execution_at_rest{s.tenant, s.id, r.wake_at, s.st.last_seq});
}

// Answers the queries whose state is durable now.
void answer_queries(holder* self) {
  auto& s = self->state;
  auto durable = [&s](const execution_state_holder::unanswered_query& q) { return q.seq <= s.durable_seq; };
  for (auto& q : s.queries) {
    if (durable(q)) q.promise.deliver(std::move(q.state));
  }
  s.queries.erase(std::remove_if(s.queries.begin(), s.queries.end(), durable), s.queries.end());
}

// Holds a request's answer until the commit it waits for is durable: answer() then gives
// it; a failed commit answers it with the commit's error instead (no request hangs).
std::uint64_t hold(holder* self) {
  auto& s = self->state;
  s.held.emplace(++s.last_held, self->make_response_promise());
  return s.last_held;
}

template <class T>
void answer(holder* self, std::uint64_t held, T value) {
  auto& s = self->state;
  if (auto it = s.held.find(held); it != s.held.end()) {
    it->second.deliver(std::move(value));
    s.held.erase(it);
  }
}

// A commit failed (a full disk, an I/O error): every request waiting on this execution
// hears why, and the actor stops with that reason — the engine brings it back from its log
// once writes are accepted again.
void commit_failed(holder* self, const caf::error& err) {
  auto& s = self->state;
  for (auto& [id, promise] : s.held) promise.deliver(err);
  s.held.clear();
  for (auto& q : s.queries) q.promise.deliver(err);
  s.queries.clear();
  self->quit(err);
}

// Sends already-folded events, after those held back, to the log writer; runs `then` once
// they are on disk.
void send(holder* self, std::vector<core::event> events, std::function<void()> then) {
  auto& s = self->state;
  if (!s.unsent.empty()) {
    events.insert(events.begin(), std::make_move_iterator(s.unsent.begin()), std::make_move_iterator(s.unsent.end()));
    s.unsent.clear();
  }
  if (events.empty()) {
    then();
    offer_rest(self);
    return;
  }
  append_events msg{s.tenant, s.id, {}, {}, s.st.workflow_id, {}, std::exchange(s.start_key, {})};
  msg.events.reserve(events.size());
  bool status_changed = false;
  for (auto& e : events) {
    if (e.type == core::event_type::execution_created) {
      msg.definition_digest = s.plan->digest;
      msg.definition = s.plan->definition_cbor;
    }
    status_changed |= e.type == core::event_type::execution_created || e.type == core::event_type::execution_started ||
                      core::is_terminal(e.type);
    msg.events.push_back(to_wire(std::move(e)));  // folded already: the data moves on
  }
  if (status_changed) msg.summary = cbor_of(core::summary_of(s.st, s.id));  // listed by GET /api/executions
  if (s.snapshot_every > 0 && s.st.last_seq - s.snapshot_seq >= s.snapshot_every && !core::is_terminal(s.st.status)) {
    // Every event sent is folded already: the state is the state at the last of them.
    const json extra = {{"pending_signals", s.pending_signals}, {"last_output_step", s.last_output_step}};
    msg.snapshot = cbor_of(core::snapshot_of(s.st, extra));
    s.snapshot_seq = s.st.last_seq;
  }
  ++self->state.commits_in_flight;
  const std::uint64_t upto = s.st.last_seq;  // every event sent is folded: this is the last of them
  self->request(self->state.writer, caf::infinite, std::move(msg))
      .then(
          [self, upto, then = std::move(then)](std::uint64_t) {
            --self->state.commits_in_flight;
            self->state.durable_seq = std::max(self->state.durable_seq, upto);
            if (auto held = std::exchange(self->state.start_answer, std::nullopt)) answer(self, *held, std::string("running"));
            answer_queries(self);
            then();
            offer_rest(self);
          },
          [self](caf::error& err) { commit_failed(self, err); });
}

// Makes `events` durable, folding them now and running `then` once they are on disk.
void commit(holder* self, std::vector<core::event> events, std::function<void()> then) {
  fold(self, events);
  send(self, std::move(events), std::move(then));
}

void advance(holder* self, std::vector<core::event> events = {});
void on_attempt_failed(holder* self, const attempt_failed& f);

// The data of a step_started event: a wait_for_signal step says it waits (SPEC §5 shows
// such an execution as running, its step as waiting).
json started_data(holder* self, const std::string& step_id) {
  if (kind_of(self, step_id) == core::step_kind::signal) return {{"waits_for", "signal"}};
  return json::object();
}

// The output of a wait_for_signal step, the same shape however it ended: `payload` is the
// signal's payload, or the step's `default` when its timeout passed first
// (docs/components.md, "Waiting for a signal").
json signal_output(const std::string& name, json payload, bool timed_out) {
  return {{"signal", name}, {"payload", std::move(payload)}, {"timed_out", timed_out}};
}

// Evaluates a number-or-expression config field (delay.duration_ms, timeouts).
std::optional<std::int64_t> number_field(holder* self, const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  auto e = core::expr::compiled(value.get<std::string>());
  if (!e) return std::nullopt;
  auto r = e.value().evaluate(self->state.context.get());
  if (!r || !r.value().is_number()) return std::nullopt;
  return static_cast<std::int64_t>(r.value().get<double>());
}

// When a delay step is due (unix ms): `duration_ms` from now, or the time `until` names — an
// ISO 8601 timestamp, or an expression yielding one or unix ms. None when `until` is no time.
std::optional<std::int64_t> delay_due(holder* self, const core::step& step) {
  const std::int64_t now = now_ms();
  if (auto d = step.config.find("duration_ms"); d != step.config.end()) {
    return now + std::max<std::int64_t>(0, number_field(self, *d).value_or(0));
  }
  auto until = step.config.find("until");
  if (until == step.config.end()) return now;
  json value = *until;
  if (value.is_string() && !core::expr::parse_rfc3339(value.get<std::string>())) {
    auto e = core::expr::compiled(value.get<std::string>());
    if (!e) return std::nullopt;
    auto r = e.value().evaluate(self->state.context.get());
    if (!r) return std::nullopt;
    value = std::move(r.value());
  }
  if (value.is_number()) return static_cast<std::int64_t>(value.get<double>());
  if (value.is_string()) return core::expr::parse_rfc3339(value.get<std::string>());
  return std::nullopt;
}

// The state as query_execution answers it.
std::string state_text(holder* self) { return core::state_text(self->state.st, self->state.id); }

// Stops after the terminal event is durable, handing the final state to the engine when
// someone waits for it.
void end(holder* self) {
  auto& s = self->state;
  if (s.awaited && s.engine) self->send(s.engine, execution_ended{s.tenant, s.id, state_text(self)});
  self->quit();
}

// Ends the execution with a terminal event, committed in one batch with `cause` (events
// already folded: what led to the end), so no other outcome can slip in between.
void finish(holder* self, core::event_type type, json data, std::vector<core::event> cause = {}) {
  auto& s = self->state;
  if (s.finished) return;
  s.finished = true;
  s.in_flight.clear();
  std::vector<core::event> last = {make(self, type, "", std::move(data))};
  fold(self, last);
  cause.push_back(std::move(last.front()));
  // Quitting ends the linked supervisor, and with it every attempt still running.
  send(self, std::move(cause), [self] { end(self); });
}

// Starts attempt `attempt` of `step_id` (its step_started event is already durable).
void launch(holder* self, const std::string& step_id, std::uint32_t attempt) {
  auto& s = self->state;
  const core::step* step = s.wf->find(step_id);
  if (!step || s.finished) return;
  s.in_flight[step_id] = attempt;
  const core::step_kind kind = kind_of(self, step_id);
  if (kind == core::step_kind::timer) {
    const std::optional<std::int64_t> when = delay_due(self, *step);
    if (!when) {
      const json error = {{"code", "invalid_config"},
                          {"message", "delay.until is not a time: it must be (or evaluate to) an ISO 8601 timestamp "
                                      "such as 2026-12-24T18:00:00Z, or unix milliseconds"}};
      on_attempt_failed(self, attempt_failed{step_id, attempt, error.dump(), 0, false, 0});
      return;
    }
    const std::int64_t due = *when;
    commit(self, {make(self, core::event_type::timer_started, step_id, {{"due_at", due}}, attempt)}, [self, step_id, attempt, due] {
      arm_timer(self, timer_due{timer_due::delay_fired, step_id, attempt, due}, self->state.passivate_after_ms);
    });
    return;
  }
  if (kind == core::step_kind::signal) {
    const std::string name = step->config.value("name", "");
    if (auto it = s.pending_signals.find(name); it != s.pending_signals.end()) {
      // The signal came first: take it now.
      json payload = it->second;
      s.in_flight.erase(step_id);
      advance(self, {make(self, core::event_type::signal_received, step_id, {{"name", name}, {"payload", payload}}, attempt),
                     make(self, core::event_type::step_completed, step_id, {{"output", signal_output(name, payload, false)}}, attempt)});
      return;
    }
    if (auto t = step->config.find("timeout_ms"); t != step->config.end()) {
      const std::int64_t earlier = s.st.steps[step_id].timer_due_at;  // keep the due time across restarts
      const std::int64_t due = earlier > 0 ? earlier : now_ms() + std::max<std::int64_t>(0, number_field(self, *t).value_or(0));
      auto arm = [self, step_id, attempt, due] {
        arm_timer(self, timer_due{timer_due::signal_timeout, step_id, attempt, due}, self->state.passivate_after_ms);
      };
      if (earlier > 0) arm();
      else commit(self, {make(self, core::event_type::timer_started, step_id, {{"due_at", due}}, attempt)}, arm);
    }
    return;
  }
  self->send(s.supervisor, run_attempt{step_id, attempt, s.context, now_ms()});
}

// The output of the execution: the output step reached last, else null.
json execution_output(holder* self) {
  auto& s = self->state;
  if (s.last_output_step.empty()) return nullptr;
  return s.context.get().value(s.last_output_step, json());
}

// The most events held back before a commit, so a long run of pure steps still reaches
// the log (and its subscribers) in steps of bounded size.
constexpr std::size_t max_unsent = 256;

// Whether this step of the execution may run before the events leading to it are durable:
// when every step it starts and every attempt running is pure, nothing can be seen outside
// until the next commit, which carries them all (a crash before it loses only work that
// runs again the same way, unseen).
bool may_hold_back(holder* self, const std::vector<std::string>& started, std::size_t new_events) {
  auto& s = self->state;
  if (s.unsent.size() + new_events > max_unsent) return false;
  if (started.empty() && s.in_flight.empty()) return false;
  auto pure = [self](const std::string& id) { return kind_of(self, id) == core::step_kind::pure; };
  if (!std::all_of(started.begin(), started.end(), pure)) return false;
  return std::all_of(s.in_flight.begin(), s.in_flight.end(), [&](const auto& running) { return pure(running.first); });
}

// Schedules what is ready, skips what is dead, and finishes when nothing is left — all in
// one commit together with `events` (what just happened), so a step transition costs at
// most one write: e.g. [step_completed(a), step_scheduled(b), step_started(b)]; none when
// only pure steps are involved (held back for the next commit, may_hold_back).
void advance(holder* self, std::vector<core::event> events) {
  auto& s = self->state;
  fold(self, events);
  if (s.finished) {
    send(self, std::move(events), [] {});
    return;
  }
  // SPEC §6: a plan caps an execution's events; the last few are kept for its end.
  constexpr std::uint64_t room_for_the_end = 4;
  if (s.max_events > 0 && s.next_seq + room_for_the_end > s.max_events) {
    const std::uint64_t limit = s.max_events;
    finish(self, core::event_type::execution_failed,
           {{"error", {{"code", "event_limit_exceeded"},
                       {"message", "the execution wrote " + std::to_string(s.st.last_seq) +
                                       " events, the most its tenant's plan allows is " + std::to_string(limit)},
                       {"details", {{"limit", limit}}}}}},
           std::move(events));
    return;
  }
  auto moves = core::next_moves(*s.g, core::flows_of(s.st, *s.g));
  std::vector<core::event> more;
  for (auto i : moves.skipped) more.push_back(make(self, core::event_type::step_skipped, s.g->id(i)));
  std::vector<std::string> started;
  for (auto i : moves.ready) {
    const std::string& id = s.g->id(i);
    more.push_back(make(self, core::event_type::step_scheduled, id));
    more.push_back(make(self, core::event_type::step_started, id, started_data(self, id), 1));
    started.push_back(id);
  }
  fold(self, more);
  events.insert(events.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  if (started.empty() && s.in_flight.empty()) {
    bool any_active = false;
    for (const auto& [id, st] : s.st.steps) {
      any_active |= st.status == core::step_status::running || st.status == core::step_status::scheduled ||
                    st.status == core::step_status::waiting || st.status == core::step_status::retrying;
    }
    if (!any_active) {
      s.finished = true;
      json data = json::object();
      data["output"] = execution_output(self);
      std::vector<core::event> last;  // not an initializer list: that would copy the event
      last.push_back(make(self, core::event_type::execution_completed, "", std::move(data)));
      fold(self, last);
      events.push_back(std::move(last.front()));
      send(self, std::move(events), [self] { end(self); });
      return;
    }
  }
  if (may_hold_back(self, started, events.size())) {
    s.unsent.insert(s.unsent.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    for (const auto& id : started) launch(self, id, 1);
    return;
  }
  send(self, std::move(events), [self, started] {
    for (const auto& id : started) launch(self, id, 1);
  });
}

// Records a failed attempt as the supervisor decided it: a retry to come, or the step's
// on_error route (fail the execution, continue, or take the error handle).
void on_attempt_failed(holder* self, const attempt_failed& f) {
  auto& s = self->state;
  const core::step* step = s.wf->find(f.step_id);
  json error = json::parse(f.error, nullptr, false);
  if (error.is_discarded()) error = {{"code", "internal_error"}, {"message", "unreadable error"}};
  s.in_flight.erase(f.step_id);
  if (f.will_retry) {
    core::event failed = make(self, core::event_type::step_failed, f.step_id,
                              {{"error", error}, {"will_retry", true}, {"duration_ms", f.duration_ms}}, f.attempt);
    const std::int64_t due_at = failed.at_ms + f.retry_in_ms;
    failed.data["next_retry_at"] = due_at;
    commit(self, {std::move(failed)}, [self, step_id = f.step_id, next = f.attempt + 1, due_at] {
      self->send(self->state.supervisor, schedule_retry{step_id, next, due_at});
    });
    return;
  }
  const std::string route = step->on_error.empty() ? "fail" : step->on_error;
  json handles = json::array();
  if (route == "continue") handles = {"out"};
  else if (route != "fail") handles = {"error"};
  std::vector<core::event> events = {make(self, core::event_type::step_failed, f.step_id,
                                          {{"error", error}, {"will_retry", false}, {"handles", handles}, {"duration_ms", f.duration_ms}},
                                          f.attempt)};
  if (route == "fail") {
    fold(self, events);
    json e = error;
    e["step_id"] = f.step_id;
    finish(self, core::event_type::execution_failed, {{"error", std::move(e)}}, std::move(events));
    return;
  }
  advance(self, std::move(events));
}

// Re-arms what a resumed execution was doing when the process stopped. An attempt the
// process stopped during this many times in a row fails with `interrupted` (docs/guarantees.md).
constexpr std::uint32_t max_interruptions = 3;

void resume(holder* self) {
  auto& s = self->state;
  std::vector<core::event> events;
  std::vector<std::pair<std::string, std::uint32_t>> relaunch;
  std::vector<std::pair<std::string, std::uint32_t>> interrupted;
  for (const auto& [id, st] : s.st.steps) {
    switch (st.status) {
      case core::step_status::scheduled:
      case core::step_status::running: {
        // In flight when the process stopped: run the attempt again (at-least-once) — unless
        // it was interrupted so often that it is likely what stops the process.
        std::uint32_t attempt = std::max<std::uint32_t>(1, st.attempts);
        if (st.interruptions + 1 >= max_interruptions) {
          interrupted.push_back({id, attempt});
          break;
        }
        json data = started_data(self, id);
        data["resumed"] = true;
        events.push_back(make(self, core::event_type::step_started, id, std::move(data), attempt));
        relaunch.emplace_back(id, attempt);
        break;
      }
      case core::step_status::waiting: {
        if (kind_of(self, id) == core::step_kind::signal) {
          relaunch.emplace_back(id, std::max<std::uint32_t>(1, st.attempts));  // re-arms with the same due time
          break;
        }
        s.in_flight[id] = st.attempts;
        arm_timer(self, timer_due{timer_due::delay_fired, id, st.attempts, st.timer_due_at}, s.passivate_after_ms);
        break;
      }
      case core::step_status::retrying:
        self->send(s.supervisor, schedule_retry{id, st.attempts + 1, st.next_retry_at});
        break;
      default:
        break;
    }
  }
  commit(self, std::move(events), [self, relaunch, interrupted] {
    for (const auto& [id, attempt] : relaunch) launch(self, id, attempt);
    for (const auto& [id, attempt] : interrupted) {
      self->state.in_flight[id] = attempt;
      const json error = {{"code", "interrupted"},
                          {"message", "the process stopped " + std::to_string(max_interruptions) + " times while attempt " +
                                          std::to_string(attempt) + " of this step ran; it is not run again"}};
      on_attempt_failed(self, attempt_failed{id, attempt, error.dump(), 0, false, 0});
    }
    if (interrupted.empty()) advance(self);
  });
}

// Takes the state, the step outputs, buffered signals and the last output step from a
// snapshot; false when there is none (or it is unreadable: the caller folds everything).
bool restore_snapshot(holder* self, const json& snapshot) {
  auto& s = self->state;
  if (!core::restore(snapshot, s.st)) return false;
  for (const auto& [id, step] : s.st.steps) {
    if (step.status == core::step_status::completed) s.context.edit()[id] = step.output;
  }
  const json& extra = snapshot.contains("extra") ? snapshot["extra"] : json::object();
  if (auto p = extra.find("pending_signals"); p != extra.end() && p->is_object()) {
    for (const auto& [name, payload] : p->items()) s.pending_signals[name] = payload;
  }
  if (auto last = extra.find("last_output_step"); last != extra.end() && last->is_string()) {
    s.last_output_step = last->get<std::string>();
  }
  s.snapshot_seq = s.st.last_seq;
  return true;
}

bool use_plan(holder* self, std::shared_ptr<const execution_plan> plan) {
  if (!plan) return false;
  auto& s = self->state;
  s.wf = plan->workflow;
  s.g = plan->graph;
  s.plan = std::move(plan);
  return true;
}

// The expression context before the first step (SPEC §4). A loop item's execution also
// sees its loop's context (`scope`: the steps before the loop) and `$.item`.
void begin_context(holder* self, const json& input, const std::string& workflow_id, const json& parent) {
  auto& s = self->state;
  json& context = s.context.edit();  // no attempt holds it yet
  if (parent.is_object()) {
    if (auto scope = parent.find("scope"); scope != parent.end() && scope->is_object()) context = *scope;
    if (auto item = parent.find("item"); item != parent.end()) context["item"] = *item;
  }
  context["input"] = input;
  context["vars"] = s.wf ? s.wf->settings.value("vars", json::object()) : json::object();
  json execution = {{"id", s.id}, {"workflow_id", workflow_id}, {"depth", 0}};
  if (parent.is_object()) {
    execution["parent_id"] = core::exact_field<std::string>(parent, "execution_id", "");
    execution["depth"] = core::exact_field<std::int64_t>(parent, "depth", 0);
    if (parent.contains("index")) execution["loop_index"] = parent["index"];
    if (auto scope = parent.find("idempotency_scope"); scope != parent.end() && scope->is_string()) {
      execution["idempotency_scope"] = *scope;  // what keys outside calls (step_run.cpp)
    }
  }
  context["execution"] = std::move(execution);
}

// The supervisor, once the definition is known; the total timeout counts from the start.
void start_supervisor(holder* self, std::int64_t started_at_ms) {
  auto& s = self->state;
  const std::int64_t timeout = s.wf->settings.value("timeout_ms", std::int64_t{0});
  s.supervisor = spawn_supervisor(
      self, {caf::actor_cast<caf::actor>(self), s.plan, timeout > 0 ? started_at_ms + timeout : 0, s.passivate_after_ms,
             s.tenant, s.id, s.environment, s.engine, s.workers});
}

}  // namespace

caf::behavior execution_actor(holder* self, execution_args args) {
  auto& s = self->state;
  s.tenant = std::move(args.tenant);
  s.id = std::move(args.execution_id);
  s.writer = std::move(args.log_writer);
  s.engine = std::move(args.engine);
  s.passivate_after_ms = args.passivate_after_ms;
  s.snapshot_every = args.snapshot_every;
  s.environment = std::move(args.environment);
  s.workers = std::move(args.workers);
  s.max_events = args.max_events;
  if (!args.history.empty()) {
    // Resuming from the log: the definition is in execution_created.
    const core::event& created = args.history.created;
    // Read by type: the event is back from disk.
    const bool runnable = use_plan(self, plan_of(core::member_or_null(created.data, "definition")));
    begin_context(self, core::member_or_null(created.data, "input"),
                  core::exact_field<std::string>(created.data, "workflow_id", ""), core::member_or_null(created.data, "parent"));
    s.next_seq = args.history.last_seq() + 1;
    s.durable_seq = args.history.last_seq();
    if (!restore_snapshot(self, args.history.snapshot)) fold(self, {created});
    fold(self, args.history.tail);
    if (core::is_terminal(s.st.status)) {
      self->quit();
    } else if (!runnable) {
      // Nothing to run it by: it ends, said plainly, rather than taking every restart down.
      finish(self, core::event_type::execution_failed,
             {{"error", {{"code", "invalid_definition"}, {"message", "the execution's definition cannot be read as a workflow"}}}});
    } else if (s.st.status == core::execution_status::pending) {
      // Admitted from the engine's queue: it starts now.
      std::vector<core::event> started = {make(self, core::event_type::execution_started)};
      s.context.edit()["execution"]["started_at"] = core::expr::iso_timestamp(started.back().at_ms);
      start_supervisor(self, started.back().at_ms);
      commit(self, std::move(started), [self] { advance(self); });
    } else {
      s.context.edit()["execution"]["started_at"] = core::expr::iso_timestamp(s.st.started_at);
      start_supervisor(self, s.st.started_at);
      resume(self);
    }
  }

  return {
      [=](start_execution& msg) -> caf::result<std::string> {
        auto& s = self->state;
        auto input = json::parse(msg.input, nullptr, false);
        if (!use_plan(self, cached_plan_of(msg.definition))) {
          return make_error(engine_errc::invalid_definition, "the definition is not a workflow");
        }
        if (input.is_discarded()) input = json::object();
        json parent = msg.parent.empty() ? json() : json::parse(msg.parent, nullptr, false);
        if (parent.is_discarded()) parent = nullptr;
        begin_context(self, input, msg.workflow_id, parent);
        s.start_key = msg.idempotency_key;
        const std::uint64_t held = hold(self);
        std::vector<core::event> events;
        events.push_back(created_event(msg, *s.plan, std::move(input), now_ms()));
        s.next_seq = 2;
        events.push_back(make(self, core::event_type::execution_started));
        s.context.edit()["execution"]["started_at"] = core::expr::iso_timestamp(events.back().at_ms);
        start_supervisor(self, events.back().at_ms);
        if (msg.await_ms > 0) {
          // Its caller waits for the end (the engine answers it then): nothing of it is seen
          // outside before its first commit, so its first events wait with what pure steps
          // do, and a run of pure steps is one commit from start to end. A crash before that
          // commit leaves no trace of it: the caller was told nothing.
          fold(self, events);
          s.unsent = std::move(events);
          s.start_answer = held;
          advance(self);
          return caf::delegated<std::string>();
        }
        commit(self, std::move(events), [self, held] {
          answer(self, held, std::string("running"));
          advance(self);
        });
        return caf::delegated<std::string>();
      },
      [=](step_outcome& out) {
        auto& s = self->state;
        auto it = s.in_flight.find(out.step_id);
        if (s.finished || it == s.in_flight.end() || it->second != out.attempt) return;  // abandoned attempt
        s.in_flight.erase(it);
        std::vector<core::event> events;
        if (const json& logs = out.logs.get(); logs.is_array()) {
          for (const auto& l : logs) events.push_back(make(self, core::event_type::log, out.step_id, l));
        }
        // Field by field: an initializer list builds each field as a two-element array first
        // (a tenth of an execution's allocations were such temporaries).
        json data = json::object();
        data["output"] = std::move(out.output.edit());  // the attempt's own, unless still shared
        data["duration_ms"] = out.duration_ms;
        json& handles = data["handles"] = json::array();
        for (const auto& h : out.handles) handles.push_back(h);
        events.push_back(make(self, core::event_type::step_completed, out.step_id, std::move(data), out.attempt));
        advance(self, std::move(events));
      },
      [=](attempt_failed& f) {
        auto& s = self->state;
        auto it = s.in_flight.find(f.step_id);
        if (s.finished || it == s.in_flight.end() || it->second != f.attempt) return;
        on_attempt_failed(self, f);
      },
      [=](timer_due& t) {
        auto& s = self->state;
        if (s.finished || rearmed_early(self, t, s.passivate_after_ms)) return;
        switch (t.kind) {
          case timer_due::retry:
            commit(self, {make(self, core::event_type::step_started, t.step_id, json::object(), t.attempt)},
                   [self, t] { launch(self, t.step_id, t.attempt); });
            break;
          case timer_due::delay_fired:
            if (s.in_flight.count(t.step_id) && s.in_flight[t.step_id] == t.attempt) {
              s.in_flight.erase(t.step_id);
              advance(self, {make(self, core::event_type::timer_fired, t.step_id, json::object(), t.attempt),
                             make(self, core::event_type::step_completed, t.step_id, {{"output", {{"fired_at", now_ms()}}}}, t.attempt)});
            }
            break;
          case timer_due::signal_timeout:
            if (s.in_flight.count(t.step_id) && s.in_flight[t.step_id] == t.attempt) {
              const core::step* step = s.wf->find(t.step_id);
              if (step->config.contains("default")) {
                s.in_flight.erase(t.step_id);
                advance(self, {make(self, core::event_type::timer_fired, t.step_id, json::object(), t.attempt),
                               make(self, core::event_type::step_completed, t.step_id,
                                    {{"output", signal_output(step->config.value("name", ""), step->config.at("default"), true)}},
                                    t.attempt)});
              } else {
                // Waiting again would not bring the signal: no retry.
                const json error = {{"code", "timeout"}, {"message", "no signal '" + step->config.value("name", "") + "' arrived in time"}};
                on_attempt_failed(self, attempt_failed{t.step_id, t.attempt, error.dump(), 0, false, 0});
              }
            }
            break;
          case timer_due::execution_timeout:
            finish(self, core::event_type::execution_timed_out, {{"timeout_ms", s.wf->settings.value("timeout_ms", 0)}});
            break;
          default:
            break;
        }
      },
      [=](cancel_execution& c) -> caf::result<bool> {
        auto& s = self->state;
        if (s.finished) return false;
        const std::uint64_t held = hold(self);
        s.finished = true;
        s.in_flight.clear();
        commit(self, {make(self, core::event_type::execution_cancelled, "", {{"reason", c.reason}})}, [self, held] {
          answer(self, held, true);
          end(self);
        });
        return caf::delegated<bool>();
      },
      [=](signal_execution& sig) -> caf::result<bool> {
        auto& s = self->state;
        if (s.finished) return false;
        json payload = json::parse(sig.payload, nullptr, false);
        if (payload.is_discarded()) payload = nullptr;
        // A step waiting for this signal takes it; otherwise it is kept for a later one.
        std::string waiting_step;
        for (const auto& [id, attempt] : s.in_flight) {
          const core::step* step = s.wf->find(id);
          if (step && kind_of(self, id) == core::step_kind::signal && step->config.value("name", "") == sig.name) waiting_step = id;
        }
        const std::uint64_t held = hold(self);
        if (waiting_step.empty()) {
          commit(self, {make(self, core::event_type::signal_received, "", {{"name", sig.name}, {"payload", payload}})},
                 [self, held] { answer(self, held, true); });
        } else {
          const std::uint32_t attempt = s.in_flight[waiting_step];
          s.in_flight.erase(waiting_step);
          commit(self,
                 {make(self, core::event_type::signal_received, waiting_step, {{"name", sig.name}, {"payload", payload}}, attempt),
                  make(self, core::event_type::step_completed, waiting_step,
                       {{"output", signal_output(sig.name, payload, false)}}, attempt)},
                 [self, held] {
                   answer(self, held, true);
                   advance(self);
                 });
        }
        return caf::delegated<bool>();
      },
      [=](passivate& p) -> caf::result<bool> {
        auto& s = self->state;
        if (s.finished || s.commits_in_flight > 0 || !s.unsent.empty() || p.last_seq != s.st.last_seq ||
            !core::rest_of(s.st).at_rest) {
          // Something happened since the offer. An offer made meanwhile reached the engine
          // while it was passivating this actor, and was dropped: offer again, after the
          // refusal (or an execution signalled just then stayed awake until its next event).
          auto refused = self->make_response_promise();
          refused.deliver(false);
          s.offered_at_seq = 0;
          offer_rest(self);
          return caf::delegated<bool>();
        }
        auto promise = self->make_response_promise();
        promise.deliver(true);
        self->quit();  // the linked supervisor stops with it; the log has everything
        return caf::delegated<bool>();
      },
      // Answered from what is on disk (SPEC §1): a state with events still on their way to
      // the log waits for them, so no answer shows what a crash could take back.
      [=](query_execution&) -> caf::result<std::string> {
        auto& s = self->state;
        if (s.durable_seq >= s.st.last_seq) return state_text(self);
        s.queries.push_back({s.st.last_seq, self->make_response_promise(), state_text(self)});
        return caf::delegated<std::string>();
      },
      [=](await_execution&) { self->state.awaited = true; },
  };
}

core::event created_event(const start_execution& msg, const execution_plan& plan, json input, std::int64_t at_ms) {
  core::event e;
  e.seq = 1;
  e.type = core::event_type::execution_created;
  e.at_ms = at_ms;
  e.data = json::object();  // field by field, as step_completed's
  e.data["workflow_id"] = msg.workflow_id;
  e.data["workflow_version"] = msg.workflow_version;
  e.data["input"] = std::move(input);
  e.data["total_steps"] = plan.graph->total_steps();
  const auto timeout_ms = core::exact_field<std::int64_t>(plan.workflow->settings, "timeout_ms", 0);
  if (timeout_ms > 0) e.data["timeout_ms"] = timeout_ms;  // read by the fold, which has no definition
  core::name_definition(e.data, plan.digest);
  if (!msg.parent.empty()) {
    json parent = json::parse(msg.parent, nullptr, false);
    if (parent.is_object()) e.data["parent"] = std::move(parent);
  }
  if (msg.priority != 0) e.data["priority"] = msg.priority;  // a queue rebuilt at restart keeps it
  return e;
}

caf::actor spawn_execution(caf::local_actor* parent, execution_args args) {
  return parent->spawn<caf::monitored>(execution_actor, std::move(args));
}

}  // namespace weft::actors
