#include "actors/state_reader.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/engine_error.hpp"
#include "core/execution_state.hpp"

namespace weft::actors {
namespace {

caf::result<std::string> state_of(const storage::event_log& log, const std::string& tenant, const std::string& id,
                                  std::size_t queue_position) {
  core::execution_history history;
  if (const storage::status st = log.read_history(tenant, id, history); !st.is_ok()) {
    return make_error(engine_errc::storage_failed, "the execution's log cannot be read: " + st.to_string());
  }
  if (history.empty()) return make_error(engine_errc::not_found, "execution not found");
  auto j = core::to_json(core::fold(history));
  j["execution_id"] = id;
  if (queue_position > 0) j["queue_position"] = queue_position;  // SPEC §6
  return j.dump();
}

caf::behavior state_reader(caf::event_based_actor*, const storage::event_log* log) {
  return {
      [log](read_state& r) { return state_of(*log, r.tenant, r.execution_id, r.queue_position); },
      [log](check_await& r) -> caf::result<std::string> {
        bool active = false;
        if (log->is_active(r.tenant, r.execution_id, active).is_ok() && active) return std::string();
        return state_of(*log, r.tenant, r.execution_id, 0);
      },
  };
}

}  // namespace

caf::actor spawn_state_reader(caf::actor_system& sys, const storage::event_log& log) {
  return sys.spawn<caf::detached>(state_reader, &log);
}

}  // namespace weft::actors
