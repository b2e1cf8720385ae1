#include "http/execution_view.hpp"

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::http {

execution_view::execution_view(std::string execution_id) : id_(std::move(execution_id)) {}
execution_view::~execution_view() = default;
execution_view::execution_view(execution_view&&) noexcept = default;
execution_view& execution_view::operator=(execution_view&&) noexcept = default;

void execution_view::apply(const core::event& e) {
  if (e.type == core::event_type::execution_created && !workflow_) {
    if (auto d = e.data.find("definition"); d != e.data.end() && d->is_object()) {
      workflow_ = std::make_unique<core::workflow>(core::parse_workflow(*d));
      graph_ = std::make_unique<core::graph>(*workflow_);
    }
  }
  state_ = core::apply(std::move(state_), e);
}

std::string execution_view::step_name(const std::string& step_id) const {
  if (workflow_) {
    if (const core::step* s = workflow_->find(step_id); s && !s->name.empty()) return s->name;
  }
  return step_id;
}

std::string execution_view::next_step(const std::string& step_id, const std::string& handle) const {
  if (!graph_) return "";
  auto i = graph_->index_of(step_id);
  if (!i) return "";
  auto next = graph_->successors(*i, handle);
  return next.empty() ? "" : graph_->id(next.front());
}

}  // namespace weft::http
