// The flow step types, and what every step type's handler shares: templates, expression
// fields, secrets, failures.
#include "nodes/step_handler.hpp"

#include <map>

#include "core/expr/compiled.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/template_string.hpp"
#include "core/expr/value_ops.hpp"
#include "core/graph.hpp"
#include "nodes/registry.hpp"
#include "schemas/json_schema.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

const json& config_of(const step_context& ctx) { return ctx.step->config; }

}  // namespace

step_result run_trigger(const step_context& ctx) {
  step_result r;
  auto it = ctx.context->find("input");
  r.output = it != ctx.context->end() ? *it : json::object();
  return r;
}

// Applies defaults (config.defaults, then the schema's property defaults), then validates.
step_result run_input(const step_context& ctx) {
  auto it = ctx.context->find("input");
  json input = it != ctx.context->end() && !it->is_null() ? *it : json::object();
  const json& config = config_of(ctx);
  const json* schema = config.contains("schema") ? &config["schema"] : ctx.input_schema;
  if (input.is_object()) {
    if (auto d = config.find("defaults"); d != config.end() && d->is_object()) {
      for (const auto& [k, v] : d->items()) {
        if (!input.contains(k)) input[k] = v;
      }
    }
    if (schema && schema->is_object()) {
      if (auto props = schema->find("properties"); props != schema->end() && props->is_object()) {
        for (const auto& [k, p] : props->items()) {
          if (!input.contains(k) && p.is_object() && p.contains("default")) input[k] = p["default"];
        }
      }
    }
  }
  if (schema && schema->is_object() && !schema->empty()) {
    std::string why;
    auto compiled = schemas::json_schema::compile(*schema, why);
    if (!compiled) return step_failure("invalid_input", "the input schema does not compile: " + why);
    std::vector<schemas::violation> violations;
    compiled->check(input, "", violations);
    if (!violations.empty()) {
      json list = json::array();
      for (const auto& v : violations) list.push_back({{"pointer", v.pointer}, {"message", v.message}});
      return step_failure("invalid_input", "the execution input does not match the input schema", {{"errors", list}});
    }
  }
  step_result r;
  r.output = std::move(input);
  return r;
}

step_result run_output(const step_context& ctx) {
  step_result r;
  const json& config = config_of(ctx);
  auto value = config.find("value");
  if (value == config.end()) {
    r.output = json::object();
  } else if (value->is_string()) {
    if (!evaluate_field(value->get<std::string>(), ctx, "value", r.output, r)) return r;
  } else {
    r.output = *value;
  }
  return r;
}

step_result run_condition(const step_context& ctx) {
  step_result r;
  const json& conditions = config_of(ctx).value("conditions", json::array());
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    json v;
    if (!evaluate_field(conditions[i].value("condition", ""), ctx, "conditions[" + std::to_string(i) + "].condition", v, r)) {
      return r;
    }
    if (core::expr::truthy(v)) {
      std::string handle = core::condition_handle(conditions[i], i);
      r.output = {{"route", handle}, {"matched", i}};
      r.handles = {handle};
      return r;
    }
  }
  r.output = {{"route", core::handle::fallback}, {"matched", nullptr}};
  r.handles = {core::handle::fallback};
  return r;
}

step_result run_transform(const step_context& ctx) {
  step_result r;
  const json& config = config_of(ctx);
  r.output = json::object();
  if (config.value("keep_input", false) && !ctx.predecessor_outputs.empty() && ctx.predecessor_outputs[0]->is_object()) {
    r.output = *ctx.predecessor_outputs[0];
  }
  if (auto set = config.find("set"); set != config.end() && set->is_object()) {
    for (const auto& [field, source] : set->items()) {
      json v;
      if (source.is_string()) {
        if (!evaluate_field(source.get<std::string>(), ctx, "set." + field, v, r)) return r;
      } else {
        v = source;
      }
      r.output[field] = std::move(v);
    }
  }
  if (auto remove = config.find("remove"); remove != config.end() && remove->is_array()) {
    for (const auto& field : *remove) {
      if (field.is_string()) r.output.erase(field.get<std::string>());
    }
  }
  return r;
}

step_result run_log(const step_context& ctx) {
  step_result r;
  json message;
  if (!render_field(config_of(ctx).value("message", json("")), ctx, "message", message, r)) return r;
  const std::string text = core::expr::display_string(message);
  const std::string level = config_of(ctx).value("level", "info");
  r.logs.push_back({{"level", level}, {"message", text}});
  r.output = {{"logged", text}, {"level", level}};
  return r;
}

step_result run_fail(const step_context& ctx) {
  step_result scratch;
  json message;
  if (!render_field(config_of(ctx).value("message", json("the workflow failed")), ctx, "message", message, scratch)) return scratch;
  return step_failure(config_of(ctx).value("code", "failed"), core::expr::display_string(message));
}

step_result run_parallel(const step_context&) { return {}; }

step_result run_join(const step_context& ctx) {
  step_result r;
  const json& config = config_of(ctx);
  const std::string mode = config.value("mode", "merge");
  if (mode == "array") {
    r.output = json::array();
    for (const auto* o : ctx.predecessor_outputs) r.output.push_back(*o);
    r.output = {{"items", r.output}};
    return r;
  }
  if (mode == "by_key") {
    const std::string key = config.value("key", "id");
    std::map<std::string, json> merged;
    std::vector<std::string> order;
    for (const auto* o : ctx.predecessor_outputs) {
      const json* rows = o->is_array() ? o : (o->is_object() && o->contains("items") ? &(*o)["items"] : nullptr);
      if (!rows || !rows->is_array()) continue;
      for (const auto& row : *rows) {
        if (!row.is_object() || !row.contains(key)) continue;
        std::string k = core::expr::display_string(row[key]);
        auto [it, fresh] = merged.try_emplace(k, json::object());
        if (fresh) order.push_back(k);
        it->second.update(row);
      }
    }
    json items = json::array();
    for (const auto& k : order) items.push_back(merged[k]);
    r.output = {{"items", items}};
    return r;
  }
  r.output = json::object();
  for (const auto* o : ctx.predecessor_outputs) {
    if (o->is_object()) r.output.update(*o);
  }
  return r;
}

step_result step_failure(std::string code, std::string message, json details) {
  step_result r;
  r.ok = false;
  r.output = json();
  r.handles.clear();
  r.error = {{"code", std::move(code)}, {"message", std::move(message)}, {"details", std::move(details)}};
  return r;
}

bool tenant_secret(const step_context& ctx, const std::string& name, std::string& value, step_result& err) {
  std::optional<std::string> found;
  if (ctx.env && ctx.env->secret) found = ctx.env->secret(ctx.tenant, name);
  if (!found) {
    err = step_failure("secret_not_found", "no secret '" + name.substr(0, 128) + "' for this tenant (PUT /api/secrets/{name})",
                       {{"secret", name}});
    return false;
  }
  value = std::move(*found);
  return true;
}

bool render_templates(const json& value, const step_context& ctx, json& out, std::string& why) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!core::expr::template_string::looks_like_template(text)) {
      out = value;
      return true;
    }
    auto t = core::expr::template_string::compile(text);
    core::expr::eval_options options;
    options.now_ms = ctx.now_ms;
    auto rendered = t ? t.value().render(*ctx.context, options) : core::expr::result<json>(t.err());
    if (!rendered) {
      why = rendered.err().to_string();
      return false;
    }
    out = std::move(rendered).value();
    return true;
  }
  if (value.is_object() || value.is_array()) {
    out = value.is_object() ? json::object() : json::array();
    for (auto it = value.begin(); it != value.end(); ++it) {
      json item;
      if (!render_templates(*it, ctx, item, why)) return false;
      if (value.is_object()) out[it.key()] = std::move(item);
      else out.push_back(std::move(item));
    }
    return true;
  }
  out = value;
  return true;
}

// Evaluates an expression field; `where` names it in errors.
bool evaluate_field(const std::string& source, const step_context& ctx, const std::string& where, json& out, step_result& err) {
  auto e = core::expr::compiled(source);
  core::expr::eval_options options;
  options.now_ms = ctx.now_ms;
  auto value = e ? e.value().evaluate(*ctx.context, options) : core::expr::result<json>(e.err());
  if (!value) {
    err = step_failure("expression_error", where + ": " + value.err().to_string(),
                  {{"field", where}, {"code", value.err().code}, {"position", value.err().position}});
    return false;
  }
  out = std::move(value).value();
  return true;
}

// Renders templates, turning a failure into a failed attempt naming the field.
bool render_field(const json& value, const step_context& ctx, const std::string& where, json& out, step_result& err) {
  std::string why;
  if (render_templates(value, ctx, out, why)) return true;
  err = step_failure("expression_error", where + ": " + why, {{"field", where}});
  return false;
}

step_result run_pure_step(const step_context& ctx) {
  if (type_to_run(ctx.step->type).info.kind != core::step_kind::pure) {
    return step_failure("unsupported_step", "step type '" + ctx.step->type + "' is not a pure step");
  }
  return std::get<step_result>(start_step(ctx, ""));  // a pure type's result comes at once
}

}  // namespace weft::nodes
