#include "actors/child_runs.hpp"

#include <set>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "nodes/child_steps.hpp"

namespace weft::actors {
namespace {

using json = nlohmann::json;
using keep_alive_atom = caf::atom_constant<caf::atom("keepalive")>;

struct child_runs_state {
  static inline const char* name = "weft.child_runs";
  child_runs_args args;
  caf::actor reporter;
  std::chrono::steady_clock::time_point started;
  nodes::child_plan plan;
  std::vector<nodes::child_result> results;
  std::size_t next = 0;          // the next child to start
  std::size_t done = 0;          // children that have answered
  std::set<std::size_t> running;  // started (or starting), not yet answered
  bool reported = false;
};

using child_runs_actor = caf::stateful_actor<child_runs_state>;

std::string child_id(child_runs_actor* self, std::size_t index) {
  const auto& run = self->state.args.run;
  return nodes::child_execution_id(run.attempt.context.get()["execution"].value("id", ""), run.attempt.step_id,
                                   run.attempt.attempt, index);
}

void report(child_runs_actor* self, nodes::step_result r) {
  auto& s = self->state;
  if (s.reported) return;
  s.reported = true;
  self->send(s.reporter, outcome_of(s.args.run, std::move(r), s.started));
  self->quit();
}

void cancel_running(child_runs_actor* self, const std::string& reason) {
  auto& s = self->state;
  for (auto i : s.running) self->send(s.args.engine, cancel_execution{s.args.run.attempt.tenant, child_id(self, i), reason});
  s.running.clear();
}

void start_more(child_runs_actor* self);

void finished(child_runs_actor* self, std::size_t index, nodes::child_result r) {
  auto& s = self->state;
  if (s.reported || !s.running.erase(index)) return;
  const bool failed = r.status != "completed";
  s.results[index] = std::move(r);
  ++s.done;
  if (failed && s.plan.failure_policy == "fail") {
    cancel_running(self, "another item of the loop failed");
    report(self, nodes::finish_children(s.plan, s.results));
    return;
  }
  if (s.done == s.results.size()) {
    report(self, nodes::finish_children(s.plan, s.results));
    return;
  }
  start_more(self);
}

void await_child(child_runs_actor* self, std::size_t index) {
  auto& s = self->state;
  const std::string id = child_id(self, index);
  self->request(s.args.engine, caf::infinite, await_execution{s.args.run.attempt.tenant, id, 0})
      .then(
          [self, index, id](std::string& state) {
            json j = json::parse(state, nullptr, false);
            if (j.is_discarded()) j = json::object();
            finished(self, index, nodes::read_child(self->state.plan, id, j));
          },
          [self, index, id](caf::error& err) {
            finished(self, index,
                     {id, "failed", nullptr, {{"code", "internal_error"}, {"message", self->system().render(err)}}});
          });
}

// A child that started (or had started before a restart): await it, or — a subworkflow
// that does not wait — report at once.
void started(child_runs_actor* self, std::size_t index, const std::string& status) {
  auto& s = self->state;
  if (!s.plan.wait) {
    s.running.clear();  // it runs on its own: nothing to cancel
    report(self, nodes::started_child(child_id(self, index), status));
    return;
  }
  await_child(self, index);
}

void start_child(child_runs_actor* self, std::size_t index) {
  auto& s = self->state;
  const auto& run = s.args.run;
  const std::string id = child_id(self, index);
  s.running.insert(index);
  start_execution msg{run.attempt.tenant,
                      id,
                      s.plan.workflow_id,
                      s.plan.workflow_version,
                      *s.plan.definition,
                      s.plan.inputs[index].dump(),
                      nodes::child_parent(s.plan, run.attempt.context.get()["execution"], run.attempt.step_id, index).dump()};
  self->request(s.args.engine, caf::infinite, std::move(msg))
      .then([self, index](std::string& status) { started(self, index, status); },
            [self, index, id](caf::error&) {
              // Started by this attempt before a restart? Then it is known: go on with it.
              self->request(self->state.args.engine, caf::infinite, query_execution{self->state.args.run.attempt.tenant, id})
                  .then(
                      [self, index](std::string& state) {
                        const json j = json::parse(state, nullptr, false);
                        started(self, index, j.is_object() ? j.value("status", "running") : "running");
                      },
                      [self, index, id](caf::error& err) {
                        finished(self, index,
                                 {id, "failed", nullptr,
                                  {{"code", "internal_error"}, {"message", "could not start: " + self->system().render(err)}}});
                      });
            });
}

void start_more(child_runs_actor* self) {
  auto& s = self->state;
  while (!s.reported && s.running.size() < s.plan.concurrency && s.next < s.results.size()) start_child(self, s.next++);
}

caf::behavior child_runs(child_runs_actor* self, caf::actor reporter, child_runs_args args) {
  auto& s = self->state;
  s.args = std::move(args);
  s.reporter = std::move(reporter);
  s.started = std::chrono::steady_clock::now();
  // Stopped from outside: the children this attempt started stop too (SPEC §3).
  self->set_exit_handler([self](caf::exit_msg& msg) {
    cancel_running(self, "the step that started it was stopped");
    self->quit(msg.reason);
  });
  const nodes::step_context ctx = context_of(s.args.run);
  nodes::step_result err;
  if (!s.args.engine) {
    report(self, nodes::step_failure("unsupported_step", "this node cannot start child executions"));
    return {};
  }
  if (!nodes::plan_children(ctx, *s.args.run.plan->graph, s.plan, err)) {
    report(self, std::move(err));
    return {};
  }
  s.results.resize(s.plan.inputs.size());
  if (s.results.empty()) {
    report(self, nodes::finish_children(s.plan, s.results));
    return {};
  }
  start_more(self);
  return {
      [](keep_alive_atom) {},  // the engine's answers come through the request handlers
  };
}

}  // namespace

caf::actor spawn_child_runs(caf::local_actor* supervisor, child_runs_args args) {
  auto reporter = caf::actor_cast<caf::actor>(supervisor);
  return supervisor->spawn<caf::monitored>(child_runs, std::move(reporter), std::move(args));
}

}  // namespace weft::actors
