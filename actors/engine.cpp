// Live executions are keyed "tenant\0id". An execution is in one of four places: queued
// (admission: its execution_created is durable, it waits for a slot), live (an actor),
// passivating (it offered to stop; messages for it wait in a queue until it has answered),
// or asleep (only its log — and, when it has a due time, an alarm here). Queries and
// awaits of executions that are not live go to the state reader, which folds their log on
// its own thread; anything else for a queued or sleeping execution brings it in from its log.
#include "actors/engine.hpp"

#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <caf/all.hpp>

#include "actors/admission_queue.hpp"
#include "actors/await_waiters.hpp"
#include "actors/engine_error.hpp"
#include "actors/execution.hpp"
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/state_reader.hpp"
#include "core/execution_state.hpp"
#include "core/expr/value_ops.hpp"
#include "core/graph.hpp"
#include "core/json_exact.hpp"
#include "core/workflow.hpp"

namespace weft::actors {
namespace {

using wake_atom = caf::atom_constant<caf::atom("wake")>;

// Something to hand to an execution once it is live again.
using delivery = std::function<void(const caf::actor&)>;

struct passivating_execution {
  caf::actor actor;
  std::int64_t wake_at = 0;
  bool agreed = false;            // it answered passivate with true and is stopping
  std::vector<delivery> queued;  // arrived meanwhile
};

struct engine_state {
  static inline const char* name = "weft.engine";
  storage::event_log* log = nullptr;
  caf::actor writer;
  caf::actor reader;  // state_reader: folds the logs of executions without an actor
  engine_options options;
  std::map<std::string, caf::actor> live;
  std::map<caf::actor_addr, std::string> keys;
  std::map<std::string, passivating_execution> passivating;
  std::multimap<std::int64_t, std::string> alarms;  // wake time -> sleeping execution
  std::int64_t alarm_armed_for = 0;                 // the time a wake_atom is on its way for
  await_waiters<caf::response_promise> waiters;     // await_execution, by key
  std::map<std::string, std::int64_t> retry_waits;  // executions to bring back later (retry_later) -> next wait
  admission_queue queue;                            // admission: pending executions, fair across tenants
  std::set<std::string> queued;                     // the same keys (and ones not yet durable), to look up
  std::map<std::string, int> checking;              // awaits the reader is checking, by key
  std::set<std::string> woken_while_checked;        // of those, woken meanwhile (the answer may be stale)

  [[nodiscard]] std::size_t active() const noexcept { return live.size() + passivating.size(); }

  // Executions of `tenant` with actors (live or passivating): what its concurrency counts.
  [[nodiscard]] std::int64_t active_of(const std::string& tenant) const {
    const std::string prefix = tenant + '\0';
    auto count = [&prefix](const auto& m) {
      std::int64_t n = 0;
      for (auto it = m.lower_bound(prefix); it != m.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) ++n;
      return n;
    };
    return count(live) + count(passivating);
  }
  // A tenant below its concurrency limit.
  [[nodiscard]] bool may_start(const std::string& tenant) const {
    if (!options.tenant_concurrency) return true;
    const std::int64_t limit = options.tenant_concurrency(tenant);
    return limit < 0 || active_of(tenant) < limit;
  }
};

// Running executions waiting at recovery for room come before any pending one (whose
// priorities are -100..100).
constexpr std::int32_t resumed_priority = std::numeric_limits<std::int32_t>::max();

using engine_actor = caf::stateful_actor<engine_state>;

std::string key(const std::string& tenant, const std::string& id) { return tenant + '\0' + id; }
std::pair<std::string, std::string> split(const std::string& k) {
  const auto zero = k.find('\0');
  return {k.substr(0, zero), k.substr(zero + 1)};
}

std::int64_t now_ms() { return core::expr::system_now_ms(); }

// Answers everyone in `promises` with the execution's state folded from its log by the
// reader (a queued one also tells where it stands in its tenant's line, SPEC §6).
void answer_all_from_log(engine_actor* self, const std::string& tenant, const std::string& id,
                         std::vector<caf::response_promise> promises) {
  const std::size_t at = self->state.queue.position(key(tenant, id));
  self->request(self->state.reader, caf::infinite, read_state{tenant, id, at})
      .then(
          [promises](std::string& state) mutable {
            for (auto& p : promises) p.deliver(state);
          },
          [promises](caf::error& err) mutable {
            for (auto& p : promises) p.deliver(err);
          });
}

// Answers whoever awaits `k` with its state from the log.
void answer_waiters(engine_actor* self, const std::string& k) {
  std::vector<caf::response_promise> promises = self->state.waiters.take(k);
  if (promises.empty()) return;
  const auto [tenant, id] = split(k);
  answer_all_from_log(self, tenant, id, std::move(promises));
}

void track(engine_actor* self, const std::string& k, const caf::actor& a) {
  self->state.live[k] = a;
  self->state.keys[a.address()] = k;
}

caf::actor spawn_for(engine_actor* self, const std::string& tenant, const std::string& id, core::execution_history history) {
  auto& s = self->state;
  const std::int64_t cap = s.options.tenant_event_cap ? s.options.tenant_event_cap(tenant) : 0;
  return spawn_execution(self, {tenant, id, s.writer, std::move(history), caf::actor_cast<caf::actor>(self),
                                s.options.passivate_after_ms, s.options.snapshot_every, s.options.environment,
                                static_cast<std::uint64_t>(std::max<std::int64_t>(0, cap)), s.options.workers});
}

// Makes sure a wake_atom arrives by the earliest alarm or await deadline: the engine's one
// timer (a delayed message is an entry in CAF's clock and a wake of its thread).
void arm_alarm(engine_actor* self) {
  auto& s = self->state;
  std::optional<std::int64_t> next = s.waiters.next_deadline();
  if (!s.alarms.empty()) next = std::min(next.value_or(s.alarms.begin()->first), s.alarms.begin()->first);
  if (!next) return;
  const std::int64_t first = *next;
  if (s.alarm_armed_for != 0 && s.alarm_armed_for <= first) return;
  s.alarm_armed_for = first;
  self->delayed_send(self, std::chrono::milliseconds(std::max<std::int64_t>(0, first - now_ms())), wake_atom::value);
}

// Awaits whose deadline came before the execution's end: answered with the state so far
// (asked of the execution when live).
void answer_before_the_end(engine_actor* self, const std::string& k, std::vector<caf::response_promise> promises) {
  // Named variables, not a structured binding: they are captured below (clang 14 cannot).
  const auto parts = split(k);
  const std::string tenant = parts.first, id = parts.second;
  auto live = self->state.live.find(k);
  if (live == self->state.live.end()) {
    answer_all_from_log(self, tenant, id, std::move(promises));
    return;
  }
  // The execution may end before it answers: then its log has the final state. (A request
  // without an error handler would make the engine quit: CAF's default.)
  self->request(live->second, caf::infinite, query_execution{tenant, id})
      .then(
          [promises](std::string& state) mutable {
            for (auto& p : promises) p.deliver(state);
          },
          [self, promises, tenant, id](caf::error&) mutable { answer_all_from_log(self, tenant, id, promises); });
}

void sleep(engine_actor* self, const std::string& k, std::int64_t wake_at) {
  if (wake_at <= 0) return;  // only a signal or a cancel wakes it
  self->state.alarms.emplace(wake_at, k);
  arm_alarm(self);
}

// An execution whose log could not be read, or that stopped because its log could not be
// written (a full disk), is not dropped: it is brought back on an alarm, waiting longer
// each time (up to a minute), and the engine says so.
void retry_later(engine_actor* self, const std::string& k, const std::string& why) {
  auto& s = self->state;
  std::int64_t& wait = s.retry_waits[k];
  wait = wait == 0 ? std::max<std::int64_t>(1, s.options.retry_ms) : std::min<std::int64_t>(wait * 2, 60'000);
  if (s.options.warn) {
    const auto [tenant, id] = split(k);
    s.options.warn("execution " + id + " (tenant " + tenant + "): " + why + "; trying again in " + std::to_string(wait) + " ms");
  }
  s.alarms.emplace(now_ms() + wait, k);
  arm_alarm(self);
}

// Reads the history an execution resumes from; false (and it is retried later) when its
// log cannot be read now.
bool read_to_resume(engine_actor* self, const std::string& k, core::execution_history& history) {
  const auto [tenant, id] = split(k);
  const storage::status st = self->state.log->read_history(tenant, id, history);
  if (st.is_ok() && !history.empty()) return true;
  retry_later(self, k, "its log cannot be read: " + (st.is_ok() ? std::string("it has no first event") : st.to_string()));
  return false;
}

// Brings a sleeping (or queued) execution in from its log; nullptr when it is not running
// any more (or its log cannot be read now: then it is retried later). A queued one leaves
// the queue: it starts now.
caf::actor wake(engine_actor* self, const std::string& k) {
  auto& s = self->state;
  if (auto it = s.live.find(k); it != s.live.end()) return it->second;
  if (s.queued.count(k)) {
    if (!s.queue.remove(k)) return nullptr;  // its first event is not durable yet
    s.queued.erase(k);
  }
  const auto [tenant, id] = split(k);
  bool active = false;
  core::execution_history history;
  if (auto st = s.log->is_active(tenant, id, active); !st.is_ok()) {
    retry_later(self, k, "its log cannot be read: " + st.to_string());
    return nullptr;
  }
  if (!active) {
    s.retry_waits.erase(k);  // ended, or never written (a start the disk refused): nothing to bring back
    return nullptr;
  }
  if (!read_to_resume(self, k, history)) return nullptr;
  s.retry_waits.erase(k);
  if (s.checking.count(k)) s.woken_while_checked.insert(k);
  auto a = spawn_for(self, tenant, id, std::move(history));
  track(self, k, a);
  if (s.waiters.has(k)) self->send(a, await_execution{tenant, id, 0});  // it reports its end
  return a;
}

// Starts queued executions while there is room.
void admit(engine_actor* self) {
  auto& s = self->state;
  while (!s.queue.empty() && s.active() < s.options.max_active) {
    auto k = s.queue.next([&s](const std::string& tenant) { return s.may_start(tenant); });
    if (!k) return;  // every waiting tenant is at its own limit
    wake(self, *k);  // takes it off the queue
  }
}

// Hands `d` to the execution `k` — live, passivating (queued) or asleep (woken). False
// when the execution is not running.
bool deliver(engine_actor* self, const std::string& k, delivery d) {
  auto& s = self->state;
  if (auto it = s.passivating.find(k); it != s.passivating.end()) {
    it->second.queued.push_back(std::move(d));
    return true;
  }
  auto a = wake(self, k);
  if (!a) return false;
  d(a);
  return true;
}

// A delivery that asks the execution and passes its answer to `promise`; an execution
// that ended meanwhile (it stopped before answering) answers `not_running`.
template <class Answer, class Message>
delivery ask(engine_actor* self, Message msg, caf::response_promise promise, Answer not_running) {
  return [self, msg = std::move(msg), promise, not_running](const caf::actor& a) mutable {
    self->request(a, caf::infinite, std::move(msg))
        .then([promise](Answer& answer) mutable { promise.deliver(std::move(answer)); },
              [promise, not_running](caf::error& err) mutable {
                if (err == caf::sec::request_receiver_down) promise.deliver(not_running);
                else promise.deliver(std::move(err));
              });
  };
}

// Admission is full: the execution's first event is made durable here, and it waits in the
// queue as pending (answered "pending"); admit() starts it from its log later.
// An execution with an actor, or waiting in admission: its end is reported to the engine.
bool running_here(const engine_state& s, const std::string& k) {
  return s.live.count(k) || s.passivating.count(k) || s.queued.count(k);
}

// Keeps `promise` until the execution's end (or msg.timeout_ms, then the state so far).
// Returns the waiter's id.
std::uint64_t wait_for_end(engine_actor* self, const std::string& k, const await_execution& msg, caf::response_promise promise) {
  auto& s = self->state;
  const std::uint64_t waiter = s.waiters.add(k, std::move(promise), msg.timeout_ms > 0 ? now_ms() + msg.timeout_ms : 0);
  if (auto live = s.live.find(k); live != s.live.end()) self->send(live->second, msg);  // it reports its end
  if (msg.timeout_ms > 0) arm_alarm(self);
  return waiter;
}

// Starts the execution `a` was spawned for and answers when it ends (start_execution's
// await_ms): the waiter is in place before the start, so the end's own state answers it.
// A start the execution refuses answers with its error.
caf::result<std::string> start_then_await(engine_actor* self, const std::string& k, const caf::actor& a, start_execution msg) {
  auto promise = self->make_response_promise();
  const std::uint64_t waiter = wait_for_end(self, k, await_execution{msg.tenant, msg.execution_id, msg.await_ms}, promise);
  self->request(a, caf::infinite, std::move(msg))
      .then([](std::string&) {},  // started: its end, or the deadline, answers
            [self, waiter](caf::error& err) {
              if (auto p = self->state.waiters.take_one(waiter)) p->deliver(std::move(err));
            });
  return caf::delegated<std::string>();
}

// An await of an execution without an actor: the reader says whether its log has it
// active (asleep: wait for its end, which a wake brings) or answers with its state (ended,
// or unknown). Were it woken while the reader looked, the answer may be stale: ask again.
void check_then_await(engine_actor* self, const std::string& k, await_execution msg, caf::response_promise promise) {
  auto& s = self->state;
  ++s.checking[k];
  self->request(s.reader, caf::infinite, check_await{msg.tenant, msg.execution_id})
      .then(
          [self, k, msg, promise](std::string& state) mutable {
            auto& s = self->state;
            const bool woken = s.woken_while_checked.count(k) > 0;
            if (--s.checking[k] == 0) {
              s.checking.erase(k);
              s.woken_while_checked.erase(k);
            }
            if (!state.empty()) promise.deliver(std::move(state));
            else if (running_here(s, k) || !woken) wait_for_end(self, k, msg, std::move(promise));
            else check_then_await(self, k, std::move(msg), std::move(promise));
          },
          [self, k, promise](caf::error& err) mutable {
            auto& s = self->state;
            if (--s.checking[k] == 0) {
              s.checking.erase(k);
              s.woken_while_checked.erase(k);
            }
            promise.deliver(std::move(err));
          });
}

caf::result<std::string> enqueue(engine_actor* self, start_execution msg) {
  const std::shared_ptr<const execution_plan> plan = cached_plan_of(msg.definition);
  if (!plan) return make_error(engine_errc::invalid_definition, "the definition is not a workflow");
  auto input = nlohmann::json::parse(msg.input, nullptr, false);
  core::event created = created_event(msg, *plan, input.is_discarded() ? nlohmann::json::object() : std::move(input), now_ms());
  // In its stored form (CBOR), as the log writer stores summaries.
  const std::string summary = cbor_of(core::summary_of(core::apply({}, created), msg.execution_id));
  append_events append{msg.tenant, msg.execution_id, {to_wire(std::move(created))}, summary, msg.workflow_id, {},
                       msg.idempotency_key, plan->digest, plan->definition_cbor};
  auto promise = self->make_response_promise();
  const std::string k = key(msg.tenant, msg.execution_id);
  const std::int32_t priority = msg.priority;
  const await_execution await{msg.tenant, msg.execution_id, msg.await_ms};
  self->state.queued.insert(k);  // taken now, so the same id cannot be started twice
  self->request(self->state.writer, caf::infinite, std::move(append))
      .then(
          [self, k, priority, promise, await](std::uint64_t) mutable {
            auto& s = self->state;
            if (s.queued.count(k)) s.queue.push(k, priority);
            if (await.timeout_ms > 0) wait_for_end(self, k, await, std::move(promise));
            else promise.deliver(std::string("pending"));
            admit(self);
          },
          [self, k, promise](caf::error& err) mutable {
            self->state.queued.erase(k);
            promise.deliver(std::move(err));
          });
  return caf::delegated<std::string>();
}

caf::behavior engine(engine_actor* self, storage::event_log* log, caf::actor writer, caf::actor reader,
                     engine_options options) {
  auto& st = self->state;
  st.log = log;
  st.writer = std::move(writer);
  st.reader = std::move(reader);
  self->link_to(st.reader);  // it ends with the engine
  st.options = options;
  self->set_down_handler([self](caf::down_msg& down) {
    auto& s = self->state;
    auto it = s.keys.find(down.source);
    if (it == s.keys.end()) return;
    const std::string k = it->second;
    s.keys.erase(it);
    if (auto p = s.passivating.find(k); p != s.passivating.end()) {
      passivating_execution gone = std::move(p->second);
      s.passivating.erase(p);
      if (gone.agreed && gone.queued.empty()) {
        sleep(self, k, gone.wake_at);
        admit(self);
        return;  // asleep, not ended: awaits keep waiting
      }
      // Stopped with work queued (or without agreeing): back from the log, then the work.
      if (auto a = wake(self, k)) {
        for (auto& d : gone.queued) d(a);
        return;
      }
    } else {
      s.live.erase(k);
      const engine_errc why = engine_code(down.reason);
      if (why == engine_errc::already_exists) {
        // A start under an id the log already has (the writer refused it): whoever awaited
        // that id meanwhile awaits the execution the log holds.
        const auto [tenant, id] = split(k);
        for (auto& p : s.waiters.take(k)) check_then_await(self, k, await_execution{tenant, id, 0}, std::move(p));
        admit(self);
        return;
      }
      if (why == engine_errc::storage_full || why == engine_errc::storage_failed) {
        // Its log could not be written: it comes back once writes are accepted again, and
        // whoever awaits its end keeps waiting.
        retry_later(self, k, "stopped, " + self->system().render(down.reason));
        admit(self);
        return;
      }
    }
    answer_waiters(self, k);
    admit(self);
  });
  // Stopping the engine stops its executions (their logs keep everything for the restart).
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (const auto& [k, a] : self->state.live) self->send_exit(a, msg.reason);
    for (const auto& [k, p] : self->state.passivating) self->send_exit(p.actor, msg.reason);
    self->quit(msg.reason);
  });
  // Recovery: every execution the log says is not finished resumes — or, when it is at
  // rest for longer than the threshold, sleeps until its alarm without an actor; pending
  // ones queue again in the order they were created. Resuming respects max_active too:
  // beyond it, running executions wait in the queue ahead of every pending one.
  std::vector<storage::execution_ref> active;
  struct waiting {
    std::int64_t created_at;
    std::string key;
    std::int32_t priority;
  };
  std::vector<waiting> pending;
  if (log->active_executions(active).is_ok()) {
    for (const auto& ref : active) {
      core::execution_history history;
      const std::string k = key(ref.tenant, ref.execution_id);
      if (!read_to_resume(self, k, history)) continue;
      const core::execution_state state = core::fold(history);
      if (state.status == core::execution_status::pending) {
        pending.push_back({state.created_at, k, core::exact_field<std::int32_t>(history.created.data, "priority", 0)});
        continue;
      }
      if (st.options.passivate_after_ms > 0) {
        const core::rest r = core::rest_of(state);
        if (r.at_rest && (r.wake_at == 0 || r.wake_at - now_ms() >= st.options.passivate_after_ms)) {
          sleep(self, k, r.wake_at);
          continue;
        }
      }
      if (st.active() < st.options.max_active) {
        track(self, k, spawn_for(self, ref.tenant, ref.execution_id, std::move(history)));
      } else {
        st.queued.insert(k);
        st.queue.push(k, resumed_priority);
      }
    }
  }
  std::sort(pending.begin(), pending.end(), [](const waiting& a, const waiting& b) { return a.created_at < b.created_at; });
  for (auto& w : pending) {
    st.queued.insert(w.key);
    st.queue.push(w.key, w.priority);
  }
  admit(self);
  return {
      [=](start_execution& msg) -> caf::result<std::string> {
        auto& s = self->state;
        const std::string k = key(msg.tenant, msg.execution_id);
        // An id the log already has (ended, or asleep) is refused by the log writer, which
        // writes an execution's first event only when its log is empty.
        if (s.live.count(k) || s.queued.count(k)) return make_error(engine_errc::already_exists, "execution already running");
        // Room on the node and in the tenant's plan, and none of its own waiting first. A
        // loop item or sub-workflow is part of an execution that already holds a slot: it
        // does not wait for the plan (its caller waits for it — queueing it could deadlock).
        const bool child = !msg.parent.empty();
        if (s.active() < s.options.max_active && (child || (s.may_start(msg.tenant) && s.queue.empty_for(msg.tenant)))) {
          auto a = spawn_for(self, msg.tenant, msg.execution_id, {});
          track(self, k, a);
          if (msg.await_ms > 0) return start_then_await(self, k, a, std::move(msg));
          self->delegate(a, std::move(msg));
          return caf::delegated<std::string>();
        }
        return enqueue(self, std::move(msg));
      },
      [=](cancel_execution& msg) -> caf::result<bool> {
        auto promise = self->make_response_promise();
        const std::string k = key(msg.tenant, msg.execution_id);
        // The promise owns the answer now (CAF 0.17): answer through it either way.
        if (!deliver(self, k, ask<bool>(self, std::move(msg), promise, false))) promise.deliver(false);
        return caf::delegated<bool>();
      },
      [=](signal_execution& msg) -> caf::result<bool> {
        auto promise = self->make_response_promise();
        const std::string k = key(msg.tenant, msg.execution_id);
        // The promise owns the answer now (CAF 0.17): answer through it either way.
        if (!deliver(self, k, ask<bool>(self, std::move(msg), promise, false))) promise.deliver(false);
        return caf::delegated<bool>();
      },
      [=](query_execution& msg) -> caf::result<std::string> {
        auto& s = self->state;
        const std::string k = key(msg.tenant, msg.execution_id);
        auto it = s.live.find(k);
        if (it != s.live.end()) {
          // It may end before it answers: then its log has the final state.
          auto promise = self->make_response_promise();
          self->request(it->second, caf::infinite, msg)
              .then([promise](std::string& state) mutable { promise.deliver(std::move(state)); },
                    [self, promise, msg](caf::error&) { answer_all_from_log(self, msg.tenant, msg.execution_id, {promise}); });
          return caf::delegated<std::string>();
        }
        self->delegate(s.reader, read_state{msg.tenant, msg.execution_id, s.queue.position(k)});
        return caf::delegated<std::string>();
      },
      [=](await_execution& msg) -> caf::result<std::string> {
        auto& s = self->state;
        const std::string k = key(msg.tenant, msg.execution_id);
        if (running_here(s, k)) wait_for_end(self, k, msg, self->make_response_promise());
        else check_then_await(self, k, msg, self->make_response_promise());
        return caf::delegated<std::string>();
      },
      [=](execution_ended& msg) {
        auto& s = self->state;
        // It quits next: from now on it is not running (a signal must not reach it).
        const std::string k = key(msg.tenant, msg.execution_id);
        if (auto it = s.live.find(k); it != s.live.end() && it->second.address() == self->current_sender()->address()) {
          s.live.erase(it);
        }
        for (auto& p : s.waiters.take(k)) p.deliver(msg.state);
      },
      [=](execution_at_rest& msg) {
        auto& s = self->state;
        const std::string k = key(msg.tenant, msg.execution_id);
        auto it = s.live.find(k);
        if (it == s.live.end() || it->second.address() != self->current_sender()->address()) return;
        caf::actor a = it->second;
        s.live.erase(it);
        s.passivating[k] = {a, msg.wake_at_ms, false, {}};
        self->request(a, caf::infinite, passivate{msg.last_seq})
            .then(
                [self, k](bool agreed) {
                  auto& s = self->state;
                  auto p = s.passivating.find(k);
                  if (p == s.passivating.end()) return;
                  if (agreed) {
                    p->second.agreed = true;  // its down_msg completes the move
                    return;
                  }
                  // Busy again: live as before, with whatever arrived meanwhile.
                  passivating_execution back = std::move(p->second);
                  s.passivating.erase(p);
                  s.live[k] = back.actor;
                  if (s.waiters.has(k)) {
                    const auto [tenant, id] = split(k);
                    self->send(back.actor, await_execution{tenant, id, 0});
                  }
                  for (auto& d : back.queued) d(back.actor);
                },
                [](caf::error&) {});  // it stopped first: the down handler decides
      },
      [=](wake_atom) {
        auto& s = self->state;
        s.alarm_armed_for = 0;
        const std::int64_t now = now_ms();
        while (!s.alarms.empty() && s.alarms.begin()->first <= now) {
          const std::string k = s.alarms.begin()->second;
          s.alarms.erase(s.alarms.begin());
          if (!s.passivating.count(k)) wake(self, k);
        }
        for (auto& [k, promises] : s.waiters.take_due(now)) answer_before_the_end(self, k, std::move(promises));
        arm_alarm(self);
      },
  };
}

}  // namespace

caf::actor spawn_engine(caf::actor_system& sys, storage::event_log& log, caf::actor log_writer, engine_options options) {
  // Spawned here, not in the engine's init: once spawn_engine returns, every actor of the
  // engine is running (tests count them).
  caf::actor reader = spawn_state_reader(sys, log);
  return sys.spawn(engine, &log, std::move(log_writer), std::move(reader), options);
}

}  // namespace weft::actors
