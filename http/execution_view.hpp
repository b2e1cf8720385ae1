// What a WebSocket or SSE subscriber knows of one execution: the fold of the events it has
// been sent, and the step names and links of the definition it runs (from its first event).
// The dialects (ws_messages.hpp) turn each new event into their wire messages from it.
#pragma once

#include <memory>
#include <string>

#include "core/events.hpp"
#include "core/execution_state.hpp"

namespace weft::http {

/// The parsed definition an execution runs (step names, links): shared by every view of one
/// execution, so ten thousand subscribers parse it once.
struct execution_shape;

class execution_view {
 public:
  explicit execution_view(std::string execution_id);
  ~execution_view();
  execution_view(execution_view&&) noexcept;
  execution_view& operator=(execution_view&&) noexcept;

  /// Folds `e` in (duplicates and events out of order change nothing; see core::apply).
  void apply(const core::event& e);

  [[nodiscard]] const std::string& execution_id() const noexcept { return id_; }
  [[nodiscard]] const core::execution_state& state() const noexcept { return state_; }
  /// The step's `name` in the definition, else its id.
  [[nodiscard]] std::string step_name(const std::string& step_id) const;
  /// The step's (canonical) type, or "" when unknown.
  [[nodiscard]] std::string step_type(const std::string& step_id) const;
  /// The first step reached from `step_id` by `handle`, or "" (none, or no definition yet).
  [[nodiscard]] std::string next_step(const std::string& step_id, const std::string& handle) const;
  /// Progress as a fraction in [0, 1].
  [[nodiscard]] double progress() const noexcept { return state_.progress.fraction(); }

 private:
  std::string id_;
  core::execution_state state_;
  std::shared_ptr<const execution_shape> shape_;
};

}  // namespace weft::http
