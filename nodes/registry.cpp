// Registry storage: types by canonical name and alias, compiled config schemas by type,
// and the compiled definition schema.
#include "nodes/registry.hpp"

#include <map>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "nodes/custom_component.hpp"
#include "schemas/embedded.hpp"
#include "schemas/json_schema.hpp"

namespace weft::nodes {
namespace {

schemas::json_schema compile_embedded(std::string_view name) {
  std::string_view text = schemas::find_embedded(name);
  if (text.empty()) throw std::logic_error("no embedded schema named " + std::string(name));
  std::string why;
  auto schema = schemas::json_schema::compile(nlohmann::json::parse(text), why);
  if (!schema) throw std::logic_error("embedded schema " + std::string(name) + " does not compile: " + why);
  return *schema;
}

}  // namespace

struct registry::impl {
  std::vector<step_type> types;
  std::map<std::string, std::size_t, std::less<>> by_name;  // canonical names and aliases
  std::map<std::string, schemas::json_schema, std::less<>> config_schemas;
  std::optional<schemas::json_schema> definition_schema;
};

registry::registry() : impl_(std::make_unique<impl>()) {}
registry::~registry() = default;
registry::registry(registry&&) noexcept = default;
registry& registry::operator=(registry&&) noexcept = default;

const registry& registry::builtin() {
  static const registry r = [] {
    registry built;
    built.impl_->definition_schema = compile_embedded("workflow");
    for (auto& t : builtin_types()) built.add(std::move(t));
    return built;
  }();
  return r;
}

void registry::add(step_type type) {
  const std::string name = type.info.type;
  if (!schemas::find_embedded("steps/" + name).empty()) {
    impl_->config_schemas.insert_or_assign(name, compile_embedded("steps/" + name));
  }
  const std::size_t index = impl_->types.size();
  impl_->by_name[name] = index;
  for (const auto& alias : type.info.aliases) impl_->by_name[alias] = index;
  impl_->types.push_back(std::move(type));
}

const core::step_type_info* registry::find(std::string_view type_or_alias) const {
  auto it = impl_->by_name.find(type_or_alias);
  return it == impl_->by_name.end() ? nullptr : &impl_->types[it->second].info;
}

void registry::check_config(const core::step_type_info& type, const nlohmann::json& config,
                            const std::string& pointer, std::vector<core::problem>& out) const {
  auto it = impl_->config_schemas.find(type.type);
  if (it == impl_->config_schemas.end()) return;
  std::vector<schemas::violation> found;
  it->second.check(config, pointer, found);
  for (auto& v : found) {
    out.push_back({std::move(v.pointer), core::problem_code::invalid_config,
                   type.type + " config: " + v.message, 0});
  }
  if (const step_type* t = find_type(type.type); t && t->check && found.empty()) t->check(config, pointer, out);
}

void registry::check_definition(const nlohmann::json& doc, std::vector<core::problem>& out) const {
  if (!impl_->definition_schema) return;
  std::vector<schemas::violation> found;
  impl_->definition_schema->check(doc, "", found);
  for (auto& v : found) out.push_back({std::move(v.pointer), core::problem_code::invalid_definition, v.message, 0});
}

const std::vector<step_type>& registry::types() const noexcept { return impl_->types; }

const step_type* registry::find_type(std::string_view type_or_alias) const {
  auto it = impl_->by_name.find(type_or_alias);
  return it == impl_->by_name.end() ? nullptr : &impl_->types[it->second];
}

const step_type& type_to_run(std::string_view type) {
  if (const step_type* t = registry::builtin().find_type(type)) return *t;
  static const step_type custom = as_step_type(custom_component{});
  return custom;
}

step_start start_step(const step_context& ctx, const std::string& idempotency_key) {
  const step_runner& runner = type_to_run(ctx.step->type).runner;
  if (!runner.start) return step_failure("unsupported_step", "a '" + ctx.step->type + "' step does not run as an attempt");
  try {
    return runner.start(ctx, idempotency_key);
  } catch (const std::exception& e) {  // a JSON library error on odd data: a failed attempt, not a crash
    return step_failure("internal_error", e.what());
  }
}

}  // namespace weft::nodes
