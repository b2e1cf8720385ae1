// Runs the handler and reports. Pure steps never block; http, llm, sendEmail and the record steps
// block this actor's own thread (it is spawned detached): on the network for at most their
// timeout, or on storage.
#include "actors/step_run.hpp"

#include <chrono>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "nodes/custom_component.hpp"
#include "nodes/http_step.hpp"
#include "nodes/llm_step.hpp"
#include "nodes/record_steps.hpp"
#include "nodes/registry.hpp"
#include "nodes/send_email_step.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {

nodes::step_context context_of(const step_run_args& args) {
  const nlohmann::json& context = args.context.get();
  nodes::step_context ctx;
  ctx.step = args.step;
  ctx.workflow = args.workflow.get();
  ctx.context = &context;
  ctx.input_schema = args.workflow->input_schema.is_null() ? nullptr : &args.workflow->input_schema;
  for (const auto& id : args.predecessors) {
    if (auto it = context.find(id); it != context.end()) ctx.predecessor_outputs.push_back(&*it);
  }
  ctx.now_ms = args.now_ms;
  ctx.tenant = args.tenant;
  ctx.env = args.environment.get();
  ctx.cancel = args.cancel;
  return ctx;
}

step_outcome outcome_of(const step_run_args& args, nodes::step_result r, std::chrono::steady_clock::time_point start) {
  step_outcome out;
  out.step_id = args.step->id;
  out.attempt = args.attempt;
  out.ok = r.ok;
  out.output = shared_json{std::move(r.output)};
  out.handles = std::move(r.handles);
  if (!r.ok) out.error = shared_json{std::move(r.error)};
  if (!r.logs.empty()) out.logs = shared_json{nlohmann::json(std::move(r.logs))};
  out.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return out;
}

caf::behavior step_run(caf::event_based_actor* self, caf::actor reporter, step_run_args args) {
  const auto start = std::chrono::steady_clock::now();
  const nodes::step_context ctx = context_of(args);
  // SPEC §5: the same key for every attempt of this step in this execution — and, inside a
  // loop item or sub-workflow, for every attempt of the step that started it.
  const nlohmann::json& execution = args.context.get()["execution"];
  const std::string key = execution.value("idempotency_scope", execution.value("id", "")) + ":" + args.step->id;
  nodes::step_result r;
  if (args.step->type == "http") {
    r = nodes::run_http_step(ctx, key);
  } else if (args.step->type == "llm") {
    r = nodes::run_llm_step(ctx, key);
  } else if (args.step->type == "saveRecords") {
    r = nodes::run_save_records(ctx);
  } else if (args.step->type == "fetchData") {
    r = nodes::run_fetch_data(ctx);
  } else if (args.step->type == "sendEmail") {
    r = nodes::run_send_email(ctx, key);
  } else if (!nodes::registry::builtin().find(args.step->type)) {
    r = nodes::run_custom_step(ctx, key);  // a tenant's own component
  } else {
    r = nodes::run_pure_step(ctx);
  }
  self->send(reporter, outcome_of(args, std::move(r), start));
  self->quit();
  return {};
}

}  // namespace weft::actors
