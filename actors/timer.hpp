// Timers of executions and supervisors. A delayed message holds its receiver in CAF's clock
// until it fires, so a passivated execution would stay in memory for as long as its longest
// timer. A timer is therefore armed at most the passivation threshold ahead: one due later
// arrives early and is armed again (`rearmed_early`), for as long as its actor lives. An
// execution that passivates meanwhile leaves only that message behind (dropped when it
// arrives, at most the threshold later), and the engine's alarm holds the due time
// (core::rest_of) and brings the execution back to arm it again. No timer is ever left
// unheld, and none is handled before its due time, whatever the clocks do.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "actors/messages.hpp"
#include "core/expr/value_ops.hpp"

namespace weft::actors {

/// Sends `t` to `self` at `t.due_at_ms` (unix ms; now when past), or `horizon_ms` from now
/// when that is sooner (`horizon_ms` > 0: the passivation threshold).
template <class Actor>
void arm_timer(Actor* self, timer_due t, std::int64_t horizon_ms) {
  std::int64_t wait = std::max<std::int64_t>(0, t.due_at_ms - core::expr::system_now_ms());
  if (horizon_ms > 0) wait = std::min(wait, horizon_ms);
  self->delayed_send(self, std::chrono::milliseconds(wait), std::move(t));
}

/// True when `t` arrived before its due time: it is armed again, and handled when due.
template <class Actor>
bool rearmed_early(Actor* self, const timer_due& t, std::int64_t horizon_ms) {
  if (t.due_at_ms <= core::expr::system_now_ms()) return false;
  arm_timer(self, t, horizon_ms);
  return true;
}

}  // namespace weft::actors
