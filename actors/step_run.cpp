// Runs the handler the registry names for the step's type, and reports. Pure steps finish at
// once; types that call out over HTTP (http, llm, custom components) send their call through
// nodes::send_http and wait for its answer as a message, holding no thread; types that block
// their thread (sendEmail, the record steps) run here on a thread of their own (the
// supervisor spawns them detached): on the network for at most their timeout, or on storage.
#include "actors/step_run.hpp"

#include <chrono>
#include <variant>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "nodes/registry.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {

nodes::step_context context_of(const step_run_args& args) {
  const step_attempt& a = args.attempt;
  const nlohmann::json& context = a.context.get();
  const core::workflow& wf = *args.plan->workflow;
  nodes::step_context ctx;
  ctx.step = wf.find(a.step_id);
  ctx.workflow = &wf;
  ctx.context = &context;
  ctx.input_schema = wf.input_schema.is_null() ? nullptr : &wf.input_schema;
  const core::graph& g = *args.plan->graph;
  if (auto idx = g.index_of(a.step_id)) {
    for (auto l : g.incoming(*idx)) {
      if (auto it = context.find(g.id(g.link_from(l))); it != context.end()) ctx.predecessor_outputs.push_back(&*it);
    }
  }
  ctx.now_ms = a.now_ms;
  ctx.tenant = a.tenant;
  ctx.env = args.environment.get();
  ctx.cancel = args.cancel;
  return ctx;
}

step_outcome outcome_of(const step_run_args& args, nodes::step_result r, std::chrono::steady_clock::time_point start) {
  return outcome_of(args.attempt.step_id, args.attempt.attempt, std::move(r), start);
}

step_outcome outcome_of(std::string step_id, std::uint32_t attempt, nodes::step_result r,
                        std::chrono::steady_clock::time_point start) {
  step_outcome out;
  out.step_id = std::move(step_id);
  out.attempt = attempt;
  out.ok = r.ok;
  out.output = shared_json{std::move(r.output)};
  out.handles = std::move(r.handles);
  if (!r.ok) out.error = shared_json{std::move(r.error)};
  if (!r.logs.empty()) out.logs = shared_json{nlohmann::json(std::move(r.logs))};
  out.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return out;
}

namespace {

// Sends the attempt's call; its answer comes back to `self` as the attempt's step_outcome.
// The callback holds only the actor's address: an attempt abandoned meanwhile is not kept
// alive by its call, and its answer goes nowhere.
void send_call(caf::event_based_actor* self, const step_run_args& args, nodes::pending_call pending,
               std::chrono::steady_clock::time_point start) {
  nodes::send_http(std::move(pending.call), [me = self->address(), then = std::move(pending.then),
                                             step_id = args.attempt.step_id, attempt = args.attempt.attempt, start](nodes::step_result answer) {
    nodes::step_result r;
    try {
      r = then ? then(std::move(answer)) : std::move(answer);
    } catch (const std::exception& e) {  // an answer shaped unlike anything the step expects
      r = nodes::step_failure("invalid_output", std::string("the answer could not be read: ") + e.what());
    }
    if (auto to = caf::actor_cast<caf::actor>(me)) caf::anon_send(to, outcome_of(step_id, attempt, std::move(r), start));
  });
}

}  // namespace

caf::behavior step_run(caf::event_based_actor* self, caf::actor reporter, step_run_args args) {
  const auto start = std::chrono::steady_clock::now();
  const nodes::step_context ctx = context_of(args);
  nodes::step_start started = nodes::start_step(ctx, args.attempt.idempotency_key);
  if (auto* pending = std::get_if<nodes::pending_call>(&started)) {
    send_call(self, args, std::move(*pending), start);
    return {
        [self, reporter](step_outcome& out) {
          self->send(reporter, std::move(out));
          self->quit();
        },
    };
  }
  nodes::step_result r = std::get<nodes::step_result>(std::move(started));
  self->send(reporter, outcome_of(args, std::move(r), start));
  self->quit();
  return {};
}

}  // namespace weft::actors
