// The cache is keyed by the definition's full text: the same text always makes the same
// plan, whoever sends it, and a plan is immutable, so sharing it between executions (and
// tenants) shares nothing but what each would build alike. A plan's name is the SHA-256 of
// its definition as nlohmann writes it; the plans in use are found by name for the step
// attempts that name them.
#include "actors/execution_plan.hpp"

#include <mutex>
#include <unordered_map>

#include <openssl/sha.h>

#include "nodes/registry.hpp"
#include "storage/cbor_writer.hpp"

namespace weft::actors {
namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 0xF];
  }
  return out;
}

// Plans by digest while an execution holds them: the names step attempts resolve.
struct plans_in_use {
  std::mutex mutex;
  std::unordered_map<std::string, std::weak_ptr<const execution_plan>> by_digest;
};

plans_in_use& in_use() {
  static plans_in_use instance;
  return instance;
}

std::shared_ptr<const execution_plan> named(std::shared_ptr<const execution_plan> plan) {
  plans_in_use& u = in_use();
  std::lock_guard lock(u.mutex);
  if (auto it = u.by_digest.find(plan->digest); it != u.by_digest.end()) {
    if (auto same = it->second.lock()) return same;  // the same definition: one plan for both
    it->second = plan;
    return plan;
  }
  if (u.by_digest.size() >= 1024) std::erase_if(u.by_digest, [](const auto& entry) { return entry.second.expired(); });
  u.by_digest.emplace(plan->digest, plan);
  return plan;
}

std::shared_ptr<execution_plan> build(nlohmann::json definition) {
  auto wf = std::make_shared<core::workflow>(core::parse_workflow(definition));
  if (wf->steps.empty()) return nullptr;
  auto plan = std::make_shared<execution_plan>();
  // Of the text nlohmann writes, not of the text given: another node that is sent this text
  // builds a plan of the same name.
  plan->digest = sha256_hex(definition.dump());
  storage::cbor::append(plan->definition_cbor, definition);
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

}  // namespace

std::shared_ptr<const execution_plan> plan_of(nlohmann::json definition) {
  auto plan = build(std::move(definition));
  return plan ? named(std::move(plan)) : nullptr;
}

std::shared_ptr<const execution_plan> plan_in_use(const std::string& digest) {
  plans_in_use& u = in_use();
  std::lock_guard lock(u.mutex);
  auto it = u.by_digest.find(digest);
  return it == u.by_digest.end() ? nullptr : it->second.lock();
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
  std::shared_ptr<const execution_plan> plan = build(std::move(definition));
  if (!plan) return nullptr;
  plan = named(std::move(plan));
  std::lock_guard lock(c.mutex);
  if (c.by_text.size() >= cache_capacity) c.by_text.clear();
  c.by_text.emplace(definition_text, plan);
  return plan;
}

}  // namespace weft::actors
