// Group commit inside one actor: each append joins the pending group; the first one of a
// group sends the actor a `flush` to itself, which the mailbox delivers after every append
// already queued — so a group holds all appends that arrived while the previous fsync ran.
#include "actors/log_writer.hpp"

#include <algorithm>
#include <unordered_set>

#include <caf/all.hpp>

#include "actors/engine_error.hpp"
#include "actors/messages.hpp"
#include "storage/tenant_store.hpp"

namespace weft::actors {
namespace {

using flush_atom = caf::atom_constant<caf::atom("flush")>;

struct pending_append {
  append_events request;  // its events are written from here, then it goes on to the hub
  caf::response_promise promise;
};

// The definitions this writer has stored (tenant\0digest), so each is written once, not with
// every execution of it; forgotten when many (writing one again writes the same bytes).
constexpr std::size_t remembered_definitions = 4096;

struct writer_state {
  std::vector<pending_append> group;
  bool flush_scheduled = false;
  std::unordered_set<std::string> stored_definitions;
  static inline const char* name = "weft.log_writer";
};

// The events of `msg` by reference (their data stays in the message, shared with the hub).
storage::execution_event_refs refs_of(const append_events& msg) {
  storage::execution_event_refs out{msg.tenant, msg.execution_id, {}};
  out.events.reserve(msg.events.size());
  for (const auto& w : msg.events) out.events.push_back(ref_of(w));
  return out;
}

bool starts_an_execution(const append_events& msg) {
  return !msg.events.empty() && msg.events.front().type == static_cast<std::uint8_t>(core::event_type::execution_created);
}

std::string definition_key(const append_events& msg) { return msg.tenant + '\0' + msg.definition_digest; }

// For the hub's listeners, execution_created as every reader of the log sees it: with its
// definition in place of its digest (storage/event_log.hpp).
void put_back_definition(append_events& msg) {
  if (msg.definition_digest.empty()) return;
  for (auto& w : msg.events) {
    if (w.type != static_cast<std::uint8_t>(core::event_type::execution_created)) continue;
    auto definition = nlohmann::json::from_cbor(msg.definition, true, false);
    if (definition.is_discarded() || !core::definition_digest_of(w.data.get())) return;
    core::put_definition_in_place(w.data.edit(), std::move(definition));
  }
}

caf::behavior log_writer(caf::stateful_actor<writer_state>* self, storage::event_log* log,
                         storage::execution_store* summaries, caf::actor hub, storage::idempotency_store* keys,
                         storage::tenant_store* counts, std::shared_ptr<const hub_audience> audience) {
  return {
      [=](append_events& msg) -> caf::result<std::uint64_t> {
        if (!std::all_of(msg.events.begin(), msg.events.end(), [](const wire_event& w) { return known_type(w); })) {
          return make_error(engine_errc::internal, "corrupt event on the wire");
        }
        if (msg.definition_digest.empty() != msg.definition.empty()) {
          return make_error(engine_errc::internal, "a definition's digest without the definition, or the reverse");
        }
        // An execution's first event is written only into an empty log: an id that was used
        // before (ended, or asleep with no actor) is refused, never appended to.
        if (starts_an_execution(msg)) {
          bool used = false;
          const storage::status st = log->has_events(msg.tenant, msg.execution_id, used);
          if (!st.is_ok() || used) {
            if (keys && !msg.start_key.empty()) keys->settle(msg.tenant, msg.start_key, msg.execution_id);
            if (!st.is_ok()) return make_error(engine_errc::storage_failed, st.message());
            return make_error(engine_errc::already_exists, "execution id already used");
          }
        }
        auto promise = self->make_response_promise();
        self->state.group.push_back({std::move(msg), promise});
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
        std::vector<storage::execution_event_refs> appends;
        appends.reserve(group.size());
        std::uint64_t count = 0;
        storage::write_batch batch = log->new_batch();
        storage::status s = storage::status::ok();
        std::vector<std::string> definitions_stored;  // remembered once the batch is durable
        for (std::size_t i = 0; i < group.size(); ++i) {
          const append_events& p = group[i].request;
          appends.push_back(refs_of(p));  // their types checked on arrival
          if (!p.definition_digest.empty() && s.is_ok()) {
            std::string key = definition_key(p);
            if (!self->state.stored_definitions.count(key) &&
                std::find(definitions_stored.begin(), definitions_stored.end(), key) == definitions_stored.end()) {
              s = log->add_definition(batch, p.tenant, p.definition_digest, p.definition);
              definitions_stored.push_back(std::move(key));
            }
          }
          count += p.events.size();
          // Summary and snapshot arrive in their stored form (CBOR), written as they are.
          if (summaries && !p.summary.empty() && s.is_ok()) s = summaries->add_summary(batch, p.tenant, p.execution_id, p.summary);
          if (summaries && s.is_ok()) {
            for (const auto& e : p.events) {
              if (e.type != static_cast<std::uint8_t>(core::event_type::execution_created)) continue;
              s = summaries->add_to_index(batch, p.tenant, p.workflow_id, e.at_ms, p.execution_id);
            }
          }
          if (!p.start_key.empty() && s.is_ok() && !p.events.empty()) {
            s = storage::idempotency_store::add_claim(batch, p.tenant, p.start_key, p.execution_id, p.events.front().at_ms);
          }
          if (!p.snapshot.empty() && s.is_ok()) s = log->add_snapshot(batch, p.tenant, p.execution_id, p.snapshot);
        }
        if (s.is_ok()) s = log->add_to(batch, appends);
        // The counts taken here are lost if this batch fails (a full disk); the next count of
        // the same tenant and day writes its total again.
        if (s.is_ok() && counts) counts->add_counts_to(batch);
        if (s.is_ok()) s = log->commit(batch);
        appends.clear();  // refers to the requests, which move on below
        if (s.is_ok()) {
          auto& stored = self->state.stored_definitions;
          if (stored.size() + definitions_stored.size() > remembered_definitions) stored.clear();
          stored.insert(std::make_move_iterator(definitions_stored.begin()), std::make_move_iterator(definitions_stored.end()));
        }
        // Read after the commit: a subscription counted later finds this batch in the log.
        const bool heard = hub && (!audience || audience->anyone());
        for (auto& p : group) {
          // Written or not, the key's reservation ends: it is on disk now, or free again.
          if (keys && !p.request.start_key.empty()) keys->settle(p.request.tenant, p.request.start_key, p.request.execution_id);
          if (!s.is_ok()) {
            p.promise.deliver(make_error(s.is_no_space() ? engine_errc::storage_full : engine_errc::storage_failed,
                                         s.message()));
            continue;
          }
          p.promise.deliver(count);
          if (heard) {
            p.request.summary.clear();
            p.request.snapshot.clear();
            p.request.start_key.clear();
            put_back_definition(p.request);
            p.request.definition_digest.clear();
            p.request.definition.clear();
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
                            caf::actor hub, storage::idempotency_store* keys, storage::tenant_store* counts,
                            std::shared_ptr<const hub_audience> audience) {
  if (!log.synced()) return sys.spawn(log_writer, &log, summaries, std::move(hub), keys, counts, std::move(audience));
  return sys.spawn<caf::detached>(log_writer, &log, summaries, std::move(hub), keys, counts, std::move(audience));
}

}  // namespace weft::actors
