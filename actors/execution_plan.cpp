// The cache is keyed by the definition's full text: the same text always makes the same
// plan, whoever sends it, and a plan is immutable, so sharing it between executions (and
// tenants) shares nothing but what each would build alike.
#include "actors/execution_plan.hpp"

#include <mutex>
#include <unordered_map>

#include "nodes/registry.hpp"

namespace weft::actors {

std::shared_ptr<const execution_plan> plan_of(nlohmann::json definition) {
  auto wf = std::make_shared<core::workflow>(core::parse_workflow(definition));
  if (wf->steps.empty()) return nullptr;
  auto plan = std::make_shared<execution_plan>();
  // Aliases (SPEC §3: set, http_request, merge, ...) run as their canonical type.
  for (auto& step : wf->steps) {
    const nodes::step_type& type = nodes::type_to_run(step.type);  // else a tenant's custom component
    if (!type.info.type.empty()) step.type = type.info.type;
    plan->types[step.id] = &type;
  }
  plan->graph = std::make_shared<const core::graph>(*wf);
  plan->workflow = std::move(wf);
  plan->definition = std::move(definition);
  return plan;
}

const nodes::step_type* execution_plan::type_of(const std::string& step_id) const {
  auto it = types.find(step_id);
  return it == types.end() ? nullptr : it->second;
}

core::step_kind execution_plan::kind_of(const std::string& step_id) const {
  const nodes::step_type* type = type_of(step_id);
  return type ? type->info.kind : core::step_kind::outside;
}

namespace {

constexpr std::size_t cache_capacity = 256;  // distinct definitions; emptied when full

struct plan_cache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const execution_plan>> by_text;
};

plan_cache& cache() {
  static plan_cache instance;
  return instance;
}

}  // namespace

std::shared_ptr<const execution_plan> cached_plan_of(const std::string& definition_text) {
  plan_cache& c = cache();
  {
    std::lock_guard lock(c.mutex);
    if (auto it = c.by_text.find(definition_text); it != c.by_text.end()) return it->second;
  }
  auto definition = nlohmann::json::parse(definition_text, nullptr, false);
  if (definition.is_discarded()) return nullptr;
  std::shared_ptr<const execution_plan> plan = plan_of(std::move(definition));
  if (!plan) return nullptr;
  std::lock_guard lock(c.mutex);
  if (c.by_text.size() >= cache_capacity) c.by_text.clear();
  c.by_text.emplace(definition_text, plan);
  return plan;
}

}  // namespace weft::actors
