#include "nodes/child_steps.hpp"

#include <algorithm>

#include "core/loop_body.hpp"
#include "core/workflow.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

// A number-or-expression field (loop.concurrency).
bool count_field(const json& value, const step_context& ctx, const std::string& where, std::int64_t& out, step_result& err) {
  json v = value;
  if (value.is_string() && !evaluate_field(value.get<std::string>(), ctx, where, v, err)) return false;
  if (!v.is_number()) {
    err = step_failure("invalid_input", where + " must be a number");
    return false;
  }
  out = static_cast<std::int64_t>(v.get<double>());
  return true;
}

bool load_stored(const step_context& ctx, const json& config, child_plan& plan, step_result& err) {
  if (!ctx.env || !ctx.env->workflow_definition) {
    err = step_failure("unsupported_step", "this node cannot read stored workflows");
    return false;
  }
  plan.workflow_id = config.value("workflow_id", "");
  plan.workflow_version = config.value("workflow_version", std::uint64_t{0});
  json definition;
  std::string why;
  if (!ctx.env->workflow_definition(ctx.tenant, plan.workflow_id, plan.workflow_version, definition, why)) {
    err = step_failure("workflow_not_found", why, {{"workflow_id", plan.workflow_id}});
    return false;
  }
  plan.definition = std::make_shared<const std::string>(definition.dump());
  return true;
}

bool plan_loop(const step_context& ctx, const core::graph& g, const json& config, child_plan& plan, step_result& err) {
  json items;
  if (!evaluate_field(config.value("items", ""), ctx, "items", items, err)) return false;
  if (!items.is_array()) {
    err = step_failure("invalid_input", "items must evaluate to an array, not " + std::string(items.type_name()));
    return false;
  }
  std::int64_t concurrency = 1;
  if (auto c = config.find("concurrency"); c != config.end() && !count_field(*c, ctx, "concurrency", concurrency, err)) return false;
  plan.concurrency = static_cast<std::size_t>(std::clamp<std::int64_t>(concurrency, 1, max_loop_concurrency));
  plan.failure_policy = config.value("failure_policy", "fail");
  if (config.contains("workflow_id")) {
    if (!load_stored(ctx, config, plan, err)) return false;
    plan.inputs.assign(items.begin(), items.end());  // a stored workflow takes its item as input
  } else {
    const auto loop = g.index_of(ctx.step->id);
    // The graph and the definition are parsed from the same workflow: the loop is in both.
    const core::workflow& wf = *ctx.workflow;
    plan.workflow_id = (*ctx.context)["execution"].value("workflow_id", "");
    plan.definition = std::make_shared<const std::string>(core::to_json(core::loop_body_workflow(wf, g, *loop)).dump());
    plan.body_ends = core::loop_body_ends(g, *loop);
    plan.scope = *ctx.context;
    plan.scope.erase("execution");
    plan.inputs.assign(items.size(), ctx.context->value("input", json()));
  }
  plan.items = std::move(items);
  return true;
}

bool plan_subworkflow(const step_context& ctx, const json& config, child_plan& plan, step_result& err) {
  if (!load_stored(ctx, config, plan, err)) return false;
  json input = json::object();
  if (auto in = config.find("input"); in != config.end()) {
    if (in->is_string() && !evaluate_field(in->get<std::string>(), ctx, "input", input, err)) return false;
    if (!in->is_string() && !render_field(*in, ctx, "input", input, err)) return false;
  }
  plan.inputs.push_back(std::move(input));
  plan.wait = config.value("wait", true);
  return true;
}

}  // namespace

bool plan_children(const step_context& ctx, const core::graph& g, child_plan& plan, step_result& err) {
  const json& config = ctx.step->config;
  plan.loop = ctx.step->type == "loop";
  const json& execution = (*ctx.context)["execution"];
  plan.depth = execution.value("depth", std::int64_t{0}) + 1;
  if (plan.depth > max_child_depth) {
    err = step_failure("depth_exceeded", "loops and sub-workflows nest deeper than " + std::to_string(max_child_depth) + " levels",
                       {{"depth", plan.depth}});
    return false;
  }
  return plan.loop ? plan_loop(ctx, g, config, plan, err) : plan_subworkflow(ctx, config, plan, err);
}

std::string child_execution_id(const std::string& parent, const std::string& step_id, std::uint32_t attempt, std::size_t index) {
  return parent + "." + step_id + "." + std::to_string(attempt) + "." + std::to_string(index);
}

json child_parent(const child_plan& plan, const json& caller, const std::string& step_id, std::size_t index) {
  const std::string parent_id = caller.value("id", "");
  const std::string scope = caller.value("idempotency_scope", parent_id) + "." + step_id + "." + std::to_string(index);
  json parent = {{"execution_id", parent_id}, {"step_id", step_id}, {"depth", plan.depth}, {"idempotency_scope", scope}};
  if (plan.loop) {
    parent["index"] = index;
    parent["item"] = plan.items[index];
    if (!plan.scope.is_null()) parent["scope"] = plan.scope;
  }
  return parent;
}

child_result read_child(const child_plan& plan, std::string execution_id, const json& state) {
  child_result r;
  r.execution_id = std::move(execution_id);
  r.status = state.value("status", "unknown");
  if (r.status != "completed") {
    r.error = state.value("error", json());
    if (r.error.is_null()) r.error = {{"code", r.status}, {"message", "the execution ended " + r.status}};
    return r;
  }
  if (plan.body_ends.empty()) {
    r.output = state.value("output", json());
    return r;
  }
  // An inline body has no output step: its result is what its last steps made.
  const json& steps = state.contains("steps") ? state["steps"] : json::object();
  json ends = json::object();
  for (const auto& id : plan.body_ends) {
    if (auto s = steps.find(id); s != steps.end() && s->contains("output")) ends[id] = (*s)["output"];
  }
  r.output = plan.body_ends.size() == 1 ? ends.value(plan.body_ends.front(), json()) : ends;
  return r;
}

step_result finish_children(const child_plan& plan, const std::vector<child_result>& results) {
  auto failure_of = [](const child_result& c, std::size_t index) {
    json d = {{"execution_id", c.execution_id}, {"status", c.status}, {"error", c.error}};
    d["index"] = index;
    return d;
  };
  if (!plan.loop) {
    const child_result& c = results.front();
    if (c.status != "completed") {
      json details = failure_of(c, 0);
      details.erase("index");
      return step_failure("subworkflow_failed", "the sub-workflow execution " + c.execution_id + " ended " + c.status, details);
    }
    step_result r;
    r.output = {{"execution_id", c.execution_id}, {"status", c.status}, {"output", c.output}};
    return r;
  }
  json items = json::array();
  json errors = json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    const child_result& c = results[i];
    items.push_back(c.status == "completed" ? c.output : json());
    if (!c.status.empty() && c.status != "completed") errors.push_back(failure_of(c, i));
  }
  if (!errors.empty() && plan.failure_policy != "continue") {
    const json& first = errors.front();
    const std::string message = "item " + std::to_string(first["index"].get<std::size_t>()) + " ended " +
                                first["status"].get<std::string>();
    if (plan.failure_policy == "collect") {
      return step_failure("loop_item_failed", std::to_string(errors.size()) + " of " + std::to_string(results.size()) +
                                                  " items failed; " + message,
                          {{"errors", errors}, {"items", items}});
    }
    return step_failure("loop_item_failed", message, first);
  }
  step_result r;
  r.output = {{"items", std::move(items)}, {"count", results.size()}, {"failed", errors.size()}, {"errors", std::move(errors)}};
  return r;
}

step_result started_child(const std::string& execution_id, const std::string& status) {
  step_result r;
  r.output = {{"execution_id", execution_id}, {"status", status}, {"output", nullptr}};
  return r;
}

}  // namespace weft::nodes
