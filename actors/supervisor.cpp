// Attempts are tracked by step: a step has at most one attempt running. Every decision is
// checked against that record, so an answer from an abandoned attempt (timed out, or
// killed by a cancel) is dropped.
#include "actors/supervisor.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/child_runs.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/step_run.hpp"
#include "actors/timer.hpp"
#include "actors/worker_pool.hpp"
#include "core/expr/value_ops.hpp"
#include "nodes/custom_component.hpp"
#include "nodes/registry.hpp"

namespace weft::actors {
namespace {

using json = nlohmann::json;

struct running_attempt {
  std::uint32_t attempt = 0;
  caf::actor run;                               // null while a worker has not yet said it took it
  std::chrono::steady_clock::time_point started;
  std::shared_ptr<nodes::cancellation> cancel;  // stops its outside call when it is abandoned
  bool placed = false;                          // it holds a slot in the pool (it may travel)
  bool waiting = false;                         // pinned to labels, it waits for a worker's slot
  caf::actor runner;                            // the worker's runner it was placed on; null: here
  step_run_args args;                           // kept while placed: to place it again if its worker is lost
  std::vector<std::string> labels;              // the workers it may run on must carry all of these
};

struct supervisor_state {
  static inline const char* name = "weft.supervisor";
  caf::actor execution;
  std::shared_ptr<const execution_plan> plan;
  std::shared_ptr<const core::workflow> wf;  // the plan's
  std::map<std::string, running_attempt> running;  // by step id
  std::int64_t passivate_after_ms = 0;
  std::string tenant;
  std::string execution_id;
  std::shared_ptr<const nodes::step_environment> environment;
  caf::actor engine;
  std::shared_ptr<worker_pool> workers;
};

using supervisor_actor = caf::stateful_actor<supervisor_state>;

std::int64_t now_ms() { return core::expr::system_now_ms(); }

// The attempt `msg` asks for, as a message any node's runner could take.
step_attempt attempt_of(supervisor_actor* self, const core::step& step, run_attempt msg) {
  auto& s = self->state;
  step_attempt a;
  a.tenant = s.tenant;
  a.execution_id = s.execution_id;
  a.plan = s.plan->digest;
  a.step_id = std::move(msg.step_id);
  a.attempt = msg.attempt;
  // SPEC §5: the same key for every attempt of this step in this execution — and, inside a
  // loop item or sub-workflow, for every attempt of the step that started it.
  const nlohmann::json& context = msg.context.get();
  const auto execution = context.find("execution");
  const std::string scope = execution == context.end() || !execution->is_object()
                                ? s.execution_id
                                : execution->value("idempotency_scope", execution->value("id", s.execution_id));
  a.idempotency_key = scope + ":" + a.step_id;
  a.now_ms = msg.now_ms;
  if (step.timeout_ms) a.deadline_ms = now_ms() + *step.timeout_ms;
  a.context = std::move(msg.context);
  return a;
}

// The wait before attempt `failed_attempt + 1`: exponential, capped, jittered ±10 % (SPEC §5).
std::int64_t backoff_ms(const core::retry_policy& p, std::uint32_t failed_attempt) {
  double base = static_cast<double>(p.initial_interval_ms) * std::pow(p.backoff_coefficient, failed_attempt - 1);
  base = std::min(base, static_cast<double>(p.max_interval_ms));
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return static_cast<std::int64_t>(std::max(0.0, base * jitter(rng)));
}

// Forgets the attempt running for `step_id`, giving back its slot in the pool.
void forget(supervisor_actor* self, std::map<std::string, running_attempt>::iterator it) {
  if (it->second.placed) self->state.workers->release(it->second.runner);
  if (it->second.waiting) self->state.workers->stop_waiting(self->address(), it->first);
  self->state.running.erase(it);
}

void forget(supervisor_actor* self, const std::string& step_id) {
  if (auto it = self->state.running.find(step_id); it != self->state.running.end()) forget(self, it);
}

// Decides on a failed attempt and tells the execution, which records it and, for a retry,
// sends back schedule_retry once the record is durable.
void fail(supervisor_actor* self, const std::string& step_id, std::uint32_t attempt, json error, std::int64_t duration_ms) {
  auto& s = self->state;
  forget(self, step_id);
  const core::step* step = s.wf->find(step_id);
  if (!step) return;
  const core::retry_policy policy = core::effective_retry(*s.wf, *step);
  const std::string code = error.value("code", "");
  const bool retryable = policy.retry_on.empty() ||
                         std::find(policy.retry_on.begin(), policy.retry_on.end(), code) != policy.retry_on.end();
  attempt_failed msg{step_id, attempt, error.dump(), duration_ms, false, 0};
  if (attempt < policy.max_attempts && retryable) {
    msg.will_retry = true;
    msg.retry_in_ms = backoff_ms(policy, attempt);
  }
  self->send(s.execution, std::move(msg));
}

std::int64_t elapsed_ms(const running_attempt& r) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - r.started).count();
}

void stop_all(supervisor_actor* self, const caf::error& reason) {
  for (auto& [id, r] : self->state.running) {
    r.cancel->cancel();  // a call blocking its thread cannot hear the exit message
    if (r.run) self->send_exit(r.run, reason);  // one a worker has not confirmed yet is stopped when it does
    if (r.placed) self->state.workers->release(r.runner);
    if (r.waiting) self->state.workers->stop_waiting(self->address(), id);
  }
  self->state.running.clear();
}

void run_here(supervisor_actor* self, running_attempt& r, step_run_args args) {
  r.run = self->spawn<caf::monitored>(step_run, caf::actor_cast<caf::actor>(self), std::move(args));
}

// The labels of the workers an attempt of `step` must run on: its custom component's
// worker_labels, or what the operator pinned its type to; empty: anywhere. A custom step's
// registration goes into `component`: it travels with the attempt.
std::vector<std::string> pinned_labels(supervisor_actor* self, const core::step& step, const nodes::step_type& type,
                                       std::string& component) {
  auto& s = self->state;
  const bool custom = type.info.tier == core::step_class::custom;
  std::vector<std::string> labels = s.workers->pinned_labels(custom ? "custom" : type.info.type);
  if (custom && s.environment->component) {
    if (auto registration = s.environment->component(s.tenant, step.type)) {
      for (auto& label : nodes::custom_component_from_json(*registration).worker_labels) labels.push_back(std::move(label));
      component = registration->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // travels with the attempt
    }
  }
  return labels;
}

void send_to_worker(supervisor_actor* self, running_attempt& r);

// Places an attempt that may travel: on the least loaded node. A worker that cannot take it
// (it is gone, or does not answer in time) gives its slot back, and it runs here — unless it
// is pinned to labels: then it waits for a worker that has them (and, when one is lost or
// refuses it, waits again).
void place(supervisor_actor* self, running_attempt& r) {
  auto& s = self->state;
  if (!r.labels.empty()) {
    r.runner = s.workers->place_pinned(r.labels, caf::actor_cast<caf::actor>(self), r.args.attempt.step_id, r.attempt);
    r.placed = static_cast<bool>(r.runner);
    r.waiting = !r.placed;
    if (r.placed) send_to_worker(self, r);
    return;
  }
  r.placed = true;
  r.runner = s.workers->place();
  if (!r.runner) {
    run_here(self, r, r.args);
    return;
  }
  send_to_worker(self, r);
}

void send_to_worker(supervisor_actor* self, running_attempt& r) {
  const std::string step_id = r.args.attempt.step_id;
  const std::uint32_t number = r.attempt;
  const caf::actor runner = r.runner;
  self->request(runner, std::chrono::seconds(10), r.args.attempt)
      .then(
          [self, step_id, number](caf::actor& run) {
            auto it = self->state.running.find(step_id);
            if (it == self->state.running.end() || it->second.attempt != number) {
              self->send_exit(run, caf::exit_reason::user_shutdown);  // abandoned meanwhile
              return;
            }
            self->monitor(run);
            it->second.run = std::move(run);
          },
          [self, step_id, number, runner](caf::error&) {
            auto it = self->state.running.find(step_id);
            if (it == self->state.running.end() || it->second.attempt != number || it->second.runner != runner) return;
            self->state.workers->release(runner);
            it->second.runner = nullptr;
            it->second.placed = false;
            if (it->second.labels.empty()) run_here(self, it->second, it->second.args);
            else place(self, it->second);
          });
}

caf::behavior supervisor(supervisor_actor* self, supervisor_args args) {
  auto& s = self->state;
  s.execution = std::move(args.execution);
  s.plan = std::move(args.plan);
  s.wf = s.plan->workflow;
  s.passivate_after_ms = args.passivate_after_ms;
  s.tenant = args.tenant;
  s.execution_id = args.execution_id;
  s.environment = args.environment;
  s.engine = args.engine;
  s.workers = args.workers;
  if (args.deadline_ms > 0) {
    arm_timer(self, timer_due{timer_due::execution_timeout, "", 0, args.deadline_ms}, s.passivate_after_ms);
  }
  // The execution ends (or fails): its attempts end with it.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    stop_all(self, msg.reason ? msg.reason : caf::error{caf::exit_reason::user_shutdown});
    self->quit(msg.reason);
  });
  // A step run that stops without reporting crashed: a failure like any other.
  // One that ran on a worker and was lost without reporting is placed again, the same attempt
  // with the same key (its step_started is in the log; a crash of this node would re-run it
  // alike): its node went away (remote_link_unreachable), or it was gone before the monitor
  // reached it (CAF says `unknown`: seen under TSan in CI, the worker killed meanwhile).
  self->set_down_handler([self](caf::down_msg& down) {
    for (auto& [id, r] : self->state.running) {
      if (!r.run || r.run.address() != down.source) continue;
      if (!down.reason) return;  // it reported first
      const bool node_lost = down.reason == caf::exit_reason::remote_link_unreachable;
      if (r.runner && (node_lost || down.reason == caf::exit_reason::unknown)) {
        // A lost node leaves the pool now (the door would drop it too, maybe after this
        // attempt had been placed on it again and waited out the request's bound).
        if (node_lost) self->state.workers->remove(r.runner.address());
        else self->state.workers->release(r.runner);
        r.run = nullptr;
        place(self, r);
        return;
      }
      const std::string step_id = id;
      fail(self, step_id, r.attempt, {{"code", "crashed"}, {"message", self->system().render(down.reason)}}, elapsed_ms(r));
      return;
    }
  });
  return {
      [=](run_attempt& msg) {
        auto& s = self->state;
        const core::step* step = s.wf->find(msg.step_id);
        if (!step) return;
        step_run_args args;
        args.attempt = attempt_of(self, *step, std::move(msg));
        args.plan = s.plan;
        args.environment = s.environment;
        auto cancel = std::make_shared<nodes::cancellation>();
        args.cancel = cancel;
        const std::string step_id = args.attempt.step_id;
        const std::uint32_t number = args.attempt.attempt;
        const std::int64_t deadline_ms = args.attempt.deadline_ms;
        // The registry says how: child runs through the engine; an attempt that blocks its
        // thread gets one of its own, never a scheduler's; one that calls out may go to a
        // worker when there are any.
        const nodes::step_type* type = s.plan->type_of(step_id);
        forget(self, step_id);  // at most one attempt of a step runs
        running_attempt& r = s.running[step_id];
        r.attempt = number;
        r.started = std::chrono::steady_clock::now();
        r.cancel = cancel;
        if (type->info.kind == core::step_kind::child_runs) {
          r.run = spawn_child_runs(self, {std::move(args), s.engine});
        } else if (type->runner.blocks_its_thread) {
          r.run = self->spawn<caf::monitored + caf::detached>(step_run, caf::actor_cast<caf::actor>(self), std::move(args));
        } else if (s.workers && type->may_run_on_a_worker()) {
          r.labels = pinned_labels(self, *step, *type, args.attempt.component);
          if (r.labels.empty() && s.workers->size() == 0) {
            run_here(self, r, std::move(args));
          } else {
            r.args = std::move(args);
            place(self, r);
          }
        } else {
          run_here(self, r, std::move(args));
        }
        if (deadline_ms > 0) {
          arm_timer(self, timer_due{timer_due::attempt_timeout, step_id, number, deadline_ms}, s.passivate_after_ms);
        }
      },
      [=](step_outcome& out) {
        auto& s = self->state;
        auto it = s.running.find(out.step_id);
        if (it == s.running.end() || it->second.attempt != out.attempt) return;  // abandoned
        if (!out.ok) {
          fail(self, out.step_id, out.attempt, out.error.get(), out.duration_ms);
          return;
        }
        forget(self, it);
        self->send(s.execution, std::move(out));
      },
      [=](pinned_slot& slot) {
        auto it = self->state.running.find(slot.step_id);
        if (it == self->state.running.end() || it->second.attempt != slot.attempt || !it->second.waiting) {
          self->state.workers->release(slot.runner);  // abandoned while it waited
          return;
        }
        it->second.waiting = false;
        it->second.placed = true;
        it->second.runner = std::move(slot.runner);
        send_to_worker(self, it->second);
      },
      [=](schedule_retry& r) {
        arm_timer(self, timer_due{timer_due::retry, r.step_id, r.attempt, r.due_at_ms}, self->state.passivate_after_ms);
      },
      [=](timer_due& t) {
        auto& s = self->state;
        if (rearmed_early(self, t, s.passivate_after_ms)) return;
        switch (t.kind) {
          case timer_due::attempt_timeout: {
            auto it = s.running.find(t.step_id);
            if (it == s.running.end() || it->second.attempt != t.attempt) return;
            it->second.cancel->cancel();
            if (it->second.run) self->send_exit(it->second.run, caf::exit_reason::user_shutdown);  // abandoned (SPEC §5)
            const std::int64_t limit = s.wf->find(t.step_id)->timeout_ms.value_or(0);
            fail(self, t.step_id, t.attempt,
                 {{"code", "timeout"}, {"message", "the attempt took longer than " + std::to_string(limit) + " ms"}},
                 elapsed_ms(it->second));
            return;
          }
          case timer_due::retry:
          case timer_due::execution_timeout:
            self->send(s.execution, t);  // the execution records the event, then acts
            return;
          default:
            return;
        }
      },
  };
}

}  // namespace

caf::actor spawn_supervisor(caf::local_actor* parent, supervisor_args args) {
  return parent->spawn<caf::linked>(supervisor, std::move(args));
}

}  // namespace weft::actors
