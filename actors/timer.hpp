// Timers of executions and supervisors. A delayed message keeps its receiver alive in
// CAF's clock until it fires, so a passivated execution would stay in memory for as long
// as its longest timer. A timer at least the passivation threshold away is therefore not
// armed at all: the execution will be at rest by then, passivate, and the engine's alarm
// brings it back in time to arm it for real.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "core/expr/value_ops.hpp"

namespace weft::actors {

/// Sends `msg` to `self` at `due_ms` (unix ms; now when past), unless passivation is on
/// (`passivate_after_ms` > 0) and the due time is at least that far away.
template <class Actor, class Message>
void arm_timer(Actor* self, std::int64_t due_ms, std::int64_t passivate_after_ms, Message msg) {
  const std::int64_t wait = std::max<std::int64_t>(0, due_ms - core::expr::system_now_ms());
  if (passivate_after_ms > 0 && wait >= passivate_after_ms) return;
  self->delayed_send(self, std::chrono::milliseconds(wait), std::move(msg));
}

}  // namespace weft::actors
