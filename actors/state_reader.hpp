// The engine's reader: the state of an execution that has no actor, folded from its log on
// the reader's own thread, so the engine (the one actor every start, signal and query goes
// through) never waits on the disk. It answers whoever asked the engine directly when the
// engine delegates to it.
#pragma once

#include <cstddef>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/meta/type_name.hpp>

#include "storage/event_log.hpp"

namespace weft::actors {

/// The state's JSON text (core::to_json of the fold, with `execution_id`, and
/// `queue_position` when > 0); not_found when the log has no such execution,
/// storage_failed when it cannot be read.
struct read_state {
  std::string tenant;
  std::string execution_id;
  std::size_t queue_position = 0;  // where it waits in admission, known to the engine only
};

/// For an await: "" while the log says the execution is still active (the engine then
/// waits for its end), else the state as for read_state.
struct check_await {
  std::string tenant;
  std::string execution_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_state& x) {
  return f(caf::meta::type_name("weft.read_state"), x.tenant, x.execution_id, x.queue_position);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, check_await& x) {
  return f(caf::meta::type_name("weft.check_await"), x.tenant, x.execution_id);
}

/// Spawns the reader over `log` (which must outlive it), detached: a read blocks its own
/// thread, never a scheduler thread.
[[nodiscard]] caf::actor spawn_state_reader(caf::actor_system& sys, const storage::event_log& log);

}  // namespace weft::actors
