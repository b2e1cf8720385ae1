#include "http/execution_view.hpp"

#include <map>
#include <mutex>

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::http {

struct execution_shape {
  explicit execution_shape(const nlohmann::json& definition) : workflow(core::parse_workflow(definition)), graph(workflow) {}
  core::workflow workflow;
  core::graph graph;  // refers to workflow
};

namespace {

// The shapes of executions that some view still holds, by execution id (random and unique
// across tenants). Expired entries are swept now and then.
class shape_cache {
 public:
  std::shared_ptr<const execution_shape> get(const std::string& execution_id, const nlohmann::json& definition) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = shapes_.find(execution_id); it != shapes_.end()) {
        if (auto s = it->second.lock()) return s;
      }
    }
    auto parsed = std::make_shared<const execution_shape>(definition);  // outside the lock: parsing takes a while
    std::lock_guard lock(mutex_);
    auto& slot = shapes_[execution_id];
    if (auto s = slot.lock()) return s;  // another view parsed it meanwhile
    slot = parsed;
    if (++inserts_ % 1024 == 0) {
      for (auto it = shapes_.begin(); it != shapes_.end();) it = it->second.expired() ? shapes_.erase(it) : std::next(it);
    }
    return parsed;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<const execution_shape>> shapes_;
  std::uint64_t inserts_ = 0;
};

shape_cache& shapes() {
  static shape_cache cache;
  return cache;
}

}  // namespace

execution_view::execution_view(std::string execution_id) : id_(std::move(execution_id)) {}
execution_view::~execution_view() = default;
execution_view::execution_view(execution_view&&) noexcept = default;
execution_view& execution_view::operator=(execution_view&&) noexcept = default;

void execution_view::apply(const core::event& e) {
  if (e.type == core::event_type::execution_created && !shape_) {
    if (auto d = e.data.find("definition"); d != e.data.end() && d->is_object()) shape_ = shapes().get(id_, *d);
  }
  core::fold_into(state_, e);
}

std::string execution_view::step_name(const std::string& step_id) const {
  if (shape_) {
    if (const core::step* s = shape_->workflow.find(step_id); s && !s->name.empty()) return s->name;
  }
  return step_id;
}

std::string execution_view::step_type(const std::string& step_id) const {
  if (!shape_) return "";
  const core::step* s = shape_->workflow.find(step_id);
  return s ? s->type : "";
}

std::string execution_view::next_step(const std::string& step_id, const std::string& handle) const {
  if (!shape_) return "";
  auto i = shape_->graph.index_of(step_id);
  if (!i) return "";
  auto next = shape_->graph.successors(*i, handle);
  return next.empty() ? "" : shape_->graph.id(next.front());
}

}  // namespace weft::http
