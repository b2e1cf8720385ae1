#include "nodes/custom_component.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include "core/worker_label.hpp"
#include "nodes/component.hpp"
#include "nodes/http_client.hpp"
#include "schemas/json_schema.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

constexpr std::int64_t max_timeout_ms = 300'000;

bool fail(std::string& why, std::string& pointer, std::string message, std::string where) {
  why = std::move(message);
  pointer = std::move(where);
  return false;
}

// What the component's answer makes of the attempt. When the step's own timeout_ms was the
// call's deadline, its passing is the attempt's timeout, as the supervisor's timer would say:
// which of the two timers fires first must not change the recorded error.
step_result component_result(step_result sent, const std::string& type, bool deadline_is_the_steps) {
  if (!sent.ok && deadline_is_the_steps && sent.error.value("code", "") == "timeout") return sent;
  if (!sent.ok) {
    json details = {{"cause", sent.error.value("code", "")}, {"component", type}};
    if (const json d = sent.error.value("details", json::object()); d.contains("status")) {
      details["status"] = d["status"];
      details["body"] = d.value("body", json());
    }
    return step_failure("external_service_error", "component '" + type + "': " + sent.error.value("message", ""), details);
  }
  const json& body = sent.output["body"];
  if (body.is_string()) return step_failure("invalid_output", "component '" + type + "' did not answer JSON", {{"component", type}});
  step_result r;
  r.output = body.is_object() ? body : json{{"value", body}};
  return r;
}

}  // namespace

bool parse_custom_component(const json& body, const std::string& type, custom_component& out, std::string& why,
                            std::string& pointer) {
  static const std::regex type_pattern("^[a-z][a-z0-9_]{2,63}$");
  if (!std::regex_match(type, type_pattern)) {
    return fail(why, pointer, "a custom type is 3 to 64 of a-z, 0-9 and _, starting with a letter", "/type");
  }
  if (registry::builtin().find(type)) return fail(why, pointer, "'" + type + "' is a built-in step type", "/type");
  if (!body.is_object()) return fail(why, pointer, "the body must be a JSON object", "");
  out = {};
  out.type = type;
  auto text = [&](const char* key, std::string& field, std::size_t max, bool required) {
    auto it = body.find(key);
    if (it == body.end()) return !required || fail(why, pointer, std::string(key) + " is required", std::string("/") + key);
    if (!it->is_string() || it->get<std::string>().size() > max || (required && it->get<std::string>().empty())) {
      return fail(why, pointer, std::string(key) + " must be a string of at most " + std::to_string(max) + " characters",
                  std::string("/") + key);
    }
    field = it->get<std::string>();
    return true;
  };
  if (!text("name", out.name, 128, true) || !text("description", out.description, 2000, false) ||
      !text("category", out.category, 64, false) || !text("icon", out.icon, 64, false) ||
      !text("auth_secret", out.auth_secret, 128, false)) {
    return false;
  }
  const json endpoint = body.value("endpoint", json());
  if (!endpoint.is_object()) return fail(why, pointer, "endpoint must be an object { url, auth_secret?, timeout_ms? }", "/endpoint");
  if (!endpoint.contains("url") || !endpoint["url"].is_string()) return fail(why, pointer, "endpoint.url is required", "/endpoint/url");
  out.url = endpoint["url"].get<std::string>();
  parsed_url url;
  if (out.url.size() > 2048 || !parse_url(out.url, url) || (url.scheme != "http" && url.scheme != "https")) {
    return fail(why, pointer, "endpoint.url must be an absolute http:// or https:// URL", "/endpoint/url");
  }
  if (auto s = endpoint.find("auth_secret"); s != endpoint.end()) {
    if (!s->is_string() || s->get<std::string>().empty()) return fail(why, pointer, "endpoint.auth_secret must name a secret", "/endpoint/auth_secret");
    out.auth_secret = s->get<std::string>();
  }
  if (auto t = endpoint.find("timeout_ms"); t != endpoint.end()) {
    if (!t->is_number_integer() || t->get<std::int64_t>() < 100 || t->get<std::int64_t>() > max_timeout_ms) {
      return fail(why, pointer, "endpoint.timeout_ms must be an integer from 100 to 300000", "/endpoint/timeout_ms");
    }
    out.timeout_ms = t->get<std::int64_t>();
  }
  if (auto labels = body.find("worker_labels"); labels != body.end()) {
    const bool ok = labels->is_array() && labels->size() <= 8 && std::all_of(labels->begin(), labels->end(), [](const json& l) {
      return l.is_string() && core::is_worker_label(l.get_ref<const std::string&>());
    });
    if (!ok) {
      return fail(why, pointer,
                  "worker_labels must be an array of at most 8 labels (1 to 63 of a-z, 0-9, _, . and -, starting with a letter or digit)",
                  "/worker_labels");
    }
    out.worker_labels = labels->get<std::vector<std::string>>();
  }
  if (auto schema = body.find("config_schema"); schema != body.end()) {
    std::string schema_why;
    if (!schema->is_object() || !schemas::json_schema::compile(*schema, schema_why)) {
      return fail(why, pointer, "config_schema must be a JSON Schema (draft-07) object" + (schema_why.empty() ? "" : ": " + schema_why),
                  "/config_schema");
    }
    out.config_schema = *schema;
  }
  return true;
}

json to_json(const custom_component& c) {
  return {{"type", c.type},
          {"name", c.name},
          {"description", c.description},
          {"category", c.category},
          {"icon", c.icon},
          {"config_schema", c.config_schema},
          {"worker_labels", c.worker_labels},
          {"endpoint", {{"url", c.url}, {"auth_secret", c.auth_secret.empty() ? json() : json(c.auth_secret)}, {"timeout_ms", c.timeout_ms}}}};
}

custom_component custom_component_from_json(const json& j) {
  custom_component c;
  c.type = j.value("type", "");
  c.name = j.value("name", "");
  c.description = j.value("description", "");
  c.category = j.value("category", "custom");
  c.icon = j.value("icon", "PuzzlePieceIcon");
  c.config_schema = j.value("config_schema", json::object());
  const json endpoint = j.value("endpoint", json::object());
  c.url = endpoint.value("url", "");
  // Not endpoint["auth_secret"]: on a const object a missing key is undefined behaviour
  // (an assertion in the sanitizer build caught it).
  const auto secret = endpoint.find("auth_secret");
  c.auth_secret = secret != endpoint.end() && secret->is_string() ? secret->get<std::string>() : "";
  c.timeout_ms = endpoint.value("timeout_ms", std::int64_t{30'000});
  if (auto labels = j.find("worker_labels"); labels != j.end() && labels->is_array()) {
    for (const auto& l : *labels) {
      if (l.is_string()) c.worker_labels.push_back(l.get<std::string>());
    }
  }
  return c;
}

json describe_custom_component(const custom_component& c) {
  json d = describe_component(as_step_type(c), c.config_schema);
  d["custom"] = true;
  d["endpoint"] = c.url;
  d["worker_labels"] = c.worker_labels;
  return d;
}

struct tenant_catalog::impl {
  const registry& builtin;
  std::map<std::string, core::step_type_info, std::less<>> custom;
  std::map<std::string, schemas::json_schema, std::less<>> schemas;
};

tenant_catalog::tenant_catalog(const registry& builtin, std::vector<custom_component> custom)
    : impl_(std::make_unique<impl>(impl{builtin, {}, {}})) {
  for (auto& c : custom) {
    impl_->custom[c.type] = as_step_type(c).info;
    std::string why;
    if (auto schema = schemas::json_schema::compile(c.config_schema, why)) impl_->schemas.insert_or_assign(c.type, std::move(*schema));
  }
}

tenant_catalog::~tenant_catalog() = default;

const core::step_type_info* tenant_catalog::find(std::string_view type_or_alias) const {
  if (const auto* t = impl_->builtin.find(type_or_alias)) return t;
  auto it = impl_->custom.find(type_or_alias);
  return it == impl_->custom.end() ? nullptr : &it->second;
}

void tenant_catalog::check_config(const core::step_type_info& type, const json& config, const std::string& pointer,
                                  std::vector<core::problem>& out) const {
  auto it = impl_->schemas.find(type.type);
  if (it == impl_->schemas.end()) {
    impl_->builtin.check_config(type, config, pointer, out);
    return;
  }
  std::vector<schemas::violation> found;
  it->second.check(config, pointer, found);
  for (auto& v : found) out.push_back({std::move(v.pointer), core::problem_code::invalid_config, type.type + " config: " + v.message, 0});
}

void tenant_catalog::check_definition(const json& doc, std::vector<core::problem>& out) const {
  impl_->builtin.check_definition(doc, out);
}

step_type as_step_type(const custom_component& c) {
  step_type t;
  t.info.type = c.type;
  t.info.tier = core::step_class::custom;
  t.info.kind = core::step_kind::outside;  // a call to the tenant's endpoint
  t.metadata = {c.name, c.description, c.category, c.icon};
  t.runner = {start_custom_step, false};
  return t;
}

step_start start_custom_step(const step_context& ctx, const std::string& idempotency_key) {
  const std::string& type = ctx.step->type;
  std::optional<json> registration;
  if (ctx.env && ctx.env->component) registration = ctx.env->component(ctx.tenant, type);
  if (!registration) return step_failure("unknown_step_type", "this tenant has no component '" + type.substr(0, 64) + "'", {{"type", type}});
  const custom_component c = custom_component_from_json(*registration);
  step_result err;
  json config;
  if (!render_field(ctx.step->config, ctx, "config", config, err)) return err;
  const json input = !ctx.predecessor_outputs.empty() ? *ctx.predecessor_outputs.front() : ctx.context->value("input", json());
  const json& execution = (*ctx.context)["execution"];

  http_call call;
  call.cancel = ctx.cancel;
  call.method = "POST";
  call.url = c.url;
  call.response_type = "json";
  call.fail_on_status = true;
  call.timeout_ms = ctx.step->timeout_ms.value_or(c.timeout_ms);
  if (!c.auth_secret.empty()) {
    std::string key;
    if (!tenant_secret(ctx, c.auth_secret, key, err)) return err;
    call.headers["Authorization"] = "Bearer " + key;
  }
  call.body = json{{"type", type},
                   {"execution_id", execution.value("id", "")},
                   {"step_id", ctx.step->id},
                   {"input", input},
                   {"config", config}};
  call.idempotency_key = idempotency_key;
  const bool deadline_is_the_steps = ctx.step->timeout_ms.has_value();
  return pending_call{std::move(call), [type, deadline_is_the_steps](step_result sent) {
                        return component_result(std::move(sent), type, deadline_is_the_steps);
                      }};
}


}  // namespace weft::nodes
