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
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/step_run.hpp"
#include "actors/timer.hpp"
#include "core/expr/value_ops.hpp"
#include "nodes/registry.hpp"

namespace weft::actors {
namespace {

using json = nlohmann::json;

struct running_attempt {
  std::uint32_t attempt = 0;
  caf::actor run;
  std::chrono::steady_clock::time_point started;
  std::shared_ptr<nodes::cancellation> cancel;  // stops its outside call when it is abandoned
};

struct supervisor_state {
  static inline const char* name = "weft.supervisor";
  caf::actor execution;
  std::shared_ptr<const execution_plan> plan;
  std::shared_ptr<const core::workflow> wf;  // the plan's
  std::map<std::string, running_attempt> running;  // by step id
  std::int64_t passivate_after_ms = 0;
  std::string tenant;
  std::shared_ptr<const nodes::step_environment> environment;
  caf::actor engine;
};

using supervisor_actor = caf::stateful_actor<supervisor_state>;

std::int64_t now_ms() { return core::expr::system_now_ms(); }

// The wait before attempt `failed_attempt + 1`: exponential, capped, jittered ±10 % (SPEC §5).
std::int64_t backoff_ms(const core::retry_policy& p, std::uint32_t failed_attempt) {
  double base = static_cast<double>(p.initial_interval_ms) * std::pow(p.backoff_coefficient, failed_attempt - 1);
  base = std::min(base, static_cast<double>(p.max_interval_ms));
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return static_cast<std::int64_t>(std::max(0.0, base * jitter(rng)));
}

// Decides on a failed attempt and tells the execution, which records it and, for a retry,
// sends back schedule_retry once the record is durable.
void fail(supervisor_actor* self, const std::string& step_id, std::uint32_t attempt, json error, std::int64_t duration_ms) {
  auto& s = self->state;
  s.running.erase(step_id);
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
    self->send_exit(r.run, reason);
  }
  self->state.running.clear();
}

caf::behavior supervisor(supervisor_actor* self, supervisor_args args) {
  auto& s = self->state;
  s.execution = std::move(args.execution);
  s.plan = std::move(args.plan);
  s.wf = s.plan->workflow;
  s.passivate_after_ms = args.passivate_after_ms;
  s.tenant = args.tenant;
  s.environment = args.environment;
  s.engine = args.engine;
  if (args.deadline_ms > 0) {
    arm_timer(self, timer_due{timer_due::execution_timeout, "", 0, args.deadline_ms}, s.passivate_after_ms);
  }
  // The execution ends (or fails): its attempts end with it.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    stop_all(self, msg.reason ? msg.reason : caf::error{caf::exit_reason::user_shutdown});
    self->quit(msg.reason);
  });
  // A step run that stops without reporting crashed: a failure like any other.
  self->set_down_handler([self](caf::down_msg& down) {
    for (auto& [id, r] : self->state.running) {
      if (r.run.address() != down.source) continue;
      if (!down.reason) return;  // it reported first
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
        args.workflow = s.wf;
        args.step = step;
        args.context = std::move(msg.context);
        const core::graph& g = *s.plan->graph;
        if (auto idx = g.index_of(msg.step_id)) {
          for (auto l : g.incoming(*idx)) args.predecessors.push_back(g.id(g.link_from(l)));
        }
        args.attempt = msg.attempt;
        args.now_ms = msg.now_ms;
        args.tenant = s.tenant;
        args.environment = s.environment;
        auto cancel = std::make_shared<nodes::cancellation>();
        args.cancel = cancel;
        // The registry says how: child runs through the engine; an attempt that blocks its
        // thread gets one of its own, never a scheduler's.
        const nodes::step_type* type = s.plan->type_of(msg.step_id);
        auto reporter = caf::actor_cast<caf::actor>(self);
        caf::actor run;
        if (type->info.kind == core::step_kind::child_runs) {
          run = spawn_child_runs(self, {std::move(args), s.plan->graph, s.engine});
        } else if (type->runner.blocks_its_thread) {
          run = self->spawn<caf::monitored + caf::detached>(step_run, reporter, std::move(args));
        } else {
          run = self->spawn<caf::monitored>(step_run, reporter, std::move(args));
        }
        s.running[msg.step_id] = {msg.attempt, run, std::chrono::steady_clock::now(), cancel};
        if (step->timeout_ms) {
          arm_timer(self, timer_due{timer_due::attempt_timeout, msg.step_id, msg.attempt, now_ms() + *step->timeout_ms},
                    s.passivate_after_ms);
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
        s.running.erase(it);
        self->send(s.execution, std::move(out));
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
            self->send_exit(it->second.run, caf::exit_reason::user_shutdown);  // abandoned (SPEC §5)
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
