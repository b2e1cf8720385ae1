// Group commit inside one actor: each append joins the pending group; the first one of a
// group sends the actor a `flush` to itself, which the mailbox delivers after every append
// already queued — so a group holds all appends that arrived while the previous fsync ran.
#include "actors/log_writer.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/engine_error.hpp"
#include "actors/messages.hpp"

namespace weft::actors {
namespace {

using flush_atom = caf::atom_constant<caf::atom("flush")>;

struct pending_append {
  storage::execution_events events;
  append_events request;  // passed on to the hub once durable
  caf::response_promise promise;
};

struct writer_state {
  std::vector<pending_append> group;
  bool flush_scheduled = false;
  static inline const char* name = "weft.log_writer";
};

caf::behavior log_writer(caf::stateful_actor<writer_state>* self, storage::event_log* log,
                         storage::execution_store* summaries, caf::actor hub, storage::idempotency_store* keys) {
  return {
      [=](append_events& msg) -> caf::result<std::uint64_t> {
        storage::execution_events batch{msg.tenant, msg.execution_id, {}};
        batch.events.reserve(msg.events.size());
        for (const auto& w : msg.events) {
          core::event e;
          if (!from_wire(w, e)) return make_error(engine_errc::internal, "corrupt event on the wire");
          batch.events.push_back(std::move(e));
        }
        // An execution's first event is written only into an empty log: an id that was used
        // before (ended, or asleep with no actor) is refused, never appended to.
        if (!batch.events.empty() && batch.events.front().type == core::event_type::execution_created) {
          std::uint64_t last = 0;
          const storage::status st = log->last_seq(msg.tenant, msg.execution_id, last);
          if (!st.is_ok() || last > 0) {
            if (keys && !msg.start_key.empty()) keys->settle(msg.tenant, msg.start_key, msg.execution_id);
            if (!st.is_ok()) return make_error(engine_errc::storage_failed, st.message());
            return make_error(engine_errc::already_exists, "execution id already used");
          }
        }
        auto promise = self->make_response_promise();
        self->state.group.push_back({std::move(batch), std::move(msg), promise});
        if (!self->state.flush_scheduled) {
          self->state.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
        return caf::delegated<std::uint64_t>();
      },
      [=](flush_atom) {
        auto group = std::move(self->state.group);
        self->state.group.clear();
        self->state.flush_scheduled = false;
        std::vector<storage::execution_events> appends;
        appends.reserve(group.size());
        std::uint64_t count = 0;
        storage::write_batch batch = log->new_batch();
        storage::status s = storage::status::ok();
        for (auto& p : group) {
          count += p.events.events.size();
          if (summaries && !p.request.summary.empty() && s.is_ok()) {
            auto summary = nlohmann::json::parse(p.request.summary, nullptr, false);
            if (!summary.is_discarded()) s = summaries->add_summary(batch, p.events.tenant, p.events.execution_id, summary);
          }
          if (summaries && s.is_ok()) {
            for (const auto& e : p.events.events) {
              if (e.type != core::event_type::execution_created) continue;
              s = summaries->add_to_index(batch, p.events.tenant, p.request.workflow_id, e.at_ms, p.events.execution_id);
            }
          }
          if (!p.request.start_key.empty() && s.is_ok() && !p.events.events.empty()) {
            s = storage::idempotency_store::add_claim(batch, p.events.tenant, p.request.start_key, p.events.execution_id,
                                                      p.events.events.front().at_ms);
          }
          if (!p.request.snapshot.empty() && s.is_ok()) {
            auto snapshot = nlohmann::json::from_cbor(p.request.snapshot, true, false);
            if (!snapshot.is_discarded()) s = log->add_snapshot(batch, p.events.tenant, p.events.execution_id, snapshot);
          }
          appends.push_back(std::move(p.events));
        }
        if (s.is_ok()) s = log->add_to(batch, appends);
        if (s.is_ok()) s = log->commit(batch);
        for (auto& p : group) {
          // Written or not, the key's reservation ends: it is on disk now, or free again.
          if (keys && !p.request.start_key.empty()) keys->settle(p.events.tenant, p.request.start_key, p.events.execution_id);
          if (!s.is_ok()) {
            p.promise.deliver(make_error(s.is_no_space() ? engine_errc::storage_full : engine_errc::storage_failed,
                                         s.message()));
            continue;
          }
          p.promise.deliver(count);
          if (hub) {
            p.request.summary.clear();
            p.request.snapshot.clear();
            p.request.start_key.clear();
            self->send(hub, std::move(p.request));
          }
        }
      },
  };
}

}  // namespace

// An fsync blocks for milliseconds: a synced writer has its own thread, never a scheduler's.
// An unsynced commit is a memtable insert and a write() to the WAL, shorter than the
// futex hand-offs a thread of its own would cost per append and per answer.
caf::actor spawn_log_writer(caf::actor_system& sys, storage::event_log& log, storage::execution_store* summaries,
                            caf::actor hub, storage::idempotency_store* keys) {
  if (!log.synced()) return sys.spawn(log_writer, &log, summaries, std::move(hub), keys);
  return sys.spawn<caf::detached>(log_writer, &log, summaries, std::move(hub), keys);
}

}  // namespace weft::actors
