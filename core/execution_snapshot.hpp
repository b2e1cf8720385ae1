// Snapshots of an execution's state (SPEC §5 durability, issue [3/6] recovery): the fold of
// its events up to a seq, written every so many events, so that bringing a long execution
// back reads the snapshot and the events after it instead of its whole history. Lossless:
// restore(snapshot(s)) folds on exactly like s.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "core/execution_state.hpp"

namespace weft::core {

/// The state as plain JSON; `extra` carries what the runtime keeps beside it.
[[nodiscard]] nlohmann::json snapshot_of(const execution_state& s, nlohmann::json extra = nlohmann::json::object());

/// The state back; false when `snapshot` is not one (then `out` is untouched).
[[nodiscard]] bool restore(const nlohmann::json& snapshot, execution_state& out);

/// An execution's durable history as storage hands it out: its first event (the
/// definition and input are in execution_created), the latest snapshot (null when none)
/// and every event after the snapshot (all events after the first when there is none).
struct execution_history {
  event created;
  nlohmann::json snapshot;
  std::vector<event> tail;

  [[nodiscard]] bool empty() const noexcept { return created.seq == 0; }
  [[nodiscard]] std::uint64_t last_seq() const noexcept;
};

/// The state the history folds to.
[[nodiscard]] execution_state fold(const execution_history& h);

}  // namespace weft::core
