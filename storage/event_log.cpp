// Events under tenant\0execution\0be64(seq) in event_codec's form — each value the events of
// one commit ending at that seq — snapshots under tenant\0execution in the snapshots family,
// and the definitions execution_created events name under tenant\0digest in the definitions
// family (a definition is as large as all the other events of a short run together; stored
// once per tenant, it is no longer copied, encoded and written with every execution).
#include "storage/event_log.hpp"

#include <span>

#include "storage/codec.hpp"
#include "storage/event_codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

// Appends the events stored under `key` (its seq the last of them).
status decode_events(std::string_view key, std::string_view value, std::size_t seq_offset, std::vector<core::event>& out) {
  auto seq = keys::read_u64(key, seq_offset);
  if (!seq) return status::corruption("event key too short");
  return event_codec::decode(*seq, value, out);
}

// Where the run of consecutive events that starts at `from` ends: at most event_codec::max_run
// long, and broken where seqs are not consecutive.
std::size_t run_end(const std::vector<core::event_ref>& events, std::size_t from) {
  std::size_t to = from + 1;
  while (to < events.size() && to - from < event_codec::max_run && events[to].seq == events[to - 1].seq + 1) ++to;
  return to;
}

}  // namespace

status event_log::add_to(write_batch& batch, const std::vector<execution_event_refs>& appends) const {
  for (const auto& a : appends) {
    if (!keys::valid_id(a.tenant) || !keys::valid_id(a.execution_id)) return status::invalid_argument("invalid tenant or execution id");
    bool created = false, ended = false;
    for (const auto& e : a.events) {
      if (e.seq == 0) return status::invalid_argument("event seqs start at 1");
      created = created || e.type == core::event_type::execution_created;
      ended = ended || core::is_terminal(e.type);
    }
    // An execution created and ended in one commit was never active: no mark to set and clear
    // (two memtable inserts of the five a short run costs).
    if (created != ended) {
      const std::string entity = keys::entity(a.tenant, a.execution_id);
      if (created) batch.put(family::active, entity, "");
      if (ended) batch.erase(family::active, entity);
    }
    for (std::size_t from = 0, to = 0; from < a.events.size(); from = to) {
      to = run_end(a.events, from);
      const std::span<const core::event_ref> run(a.events.data() + from, to - from);
      batch.put(family::events, keys::child(a.tenant, a.execution_id, run.back().seq), event_codec::encode(run));
    }
  }
  return status::ok();
}

status event_log::add_to(write_batch& batch, const std::vector<execution_events>& appends) const {
  std::vector<execution_event_refs> refs;
  refs.reserve(appends.size());
  for (const auto& a : appends) {
    auto& r = refs.emplace_back(execution_event_refs{a.tenant, a.execution_id, {}});
    r.events.reserve(a.events.size());
    for (const auto& e : a.events) r.events.push_back(core::ref_of(e));
  }
  return add_to(batch, refs);
}

status event_log::append(const std::vector<execution_events>& appends) {
  write_batch batch = db_.new_batch();
  if (auto s = add_to(batch, appends); !s.is_ok()) return s;
  if (batch.size() == 0) return status::ok();
  return db_.write(batch);
}

status event_log::read(std::string_view tenant, std::string_view execution_id, std::uint64_t after_seq,
                       std::size_t limit, std::vector<core::event>& out) const {
  out.clear();
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  const std::string prefix = keys::children_prefix(tenant, execution_id);
  if (after_seq == UINT64_MAX) return status::ok();
  const std::string from = keys::child(tenant, execution_id, after_seq + 1);
  status decode_error = status::ok();
  // The first value at or after `from` ends at or after after_seq + 1; it may begin before.
  std::vector<core::event> run;
  status s = db_.scan(family::events, from, keys::prefix_end(prefix), [&](std::string_view key, std::string_view value) {
    run.clear();
    decode_error = decode_events(key, value, prefix.size(), run);
    if (!decode_error.is_ok()) return false;
    for (auto& e : run) {
      if (e.seq <= after_seq) continue;
      if (out.size() >= limit) return false;
      out.push_back(std::move(e));
    }
    return out.size() < limit;
  });
  if (!s.is_ok()) return s;
  if (!decode_error.is_ok()) return decode_error;
  return resolve_definitions(tenant, out);
}

status event_log::resolve_definitions(std::string_view tenant, std::vector<core::event>& events) const {
  for (auto& e : events) {
    if (e.type != core::event_type::execution_created) continue;
    const std::string* digest = core::definition_digest_of(e.data);
    if (!digest) continue;
    nlohmann::json definition;
    status s = read_definition(tenant, *digest, definition);
    // A definition that is gone or unreadable leaves the event without one: its execution
    // then ends as one whose definition cannot be read, rather than failing every read.
    if (s.which() == status::code::io_error) return s;
    if (!s.is_ok()) continue;
    core::put_definition_in_place(e.data, std::move(definition));
  }
  return status::ok();
}

status event_log::add_definition(write_batch& batch, std::string_view tenant, std::string_view digest,
                                 std::string_view cbor) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(digest)) return status::invalid_argument("invalid tenant or definition digest");
  batch.put(family::definitions, keys::entity(tenant, digest), cbor);
  return status::ok();
}

status event_log::read_definition(std::string_view tenant, std::string_view digest, nlohmann::json& out) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(digest)) return status::invalid_argument("invalid tenant or definition digest");
  std::string bytes;
  if (auto s = db_.get(family::definitions, keys::entity(tenant, digest), bytes); !s.is_ok()) return s;
  return codec::decode(bytes, out, "definition");
}

status event_log::has_events(std::string_view tenant, std::string_view execution_id, bool& out) const {
  out = false;
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  return db_.any_event(keys::children_prefix(tenant, execution_id), out);
}

status event_log::last_seq(std::string_view tenant, std::string_view execution_id, std::uint64_t& out) const {
  out = 0;
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  const std::string prefix = keys::children_prefix(tenant, execution_id);
  std::string key;  // one reverse seek, however long the history
  status s = db_.last_key(family::events, prefix, keys::prefix_end(prefix), key);
  if (s.is_not_found()) return status::ok();
  if (!s.is_ok()) return s;
  if (auto seq = keys::read_u64(key, prefix.size())) out = *seq;
  return status::ok();
}

status event_log::add_snapshot(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                               std::string_view cbor) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  batch.put(family::snapshots, keys::entity(tenant, execution_id), cbor);
  return status::ok();
}

status event_log::read_history(std::string_view tenant, std::string_view execution_id, core::execution_history& out) const {
  out = {};
  std::vector<core::event> first;
  if (auto s = read(tenant, execution_id, 0, 1, first); !s.is_ok() || first.empty()) return s;
  out.created = std::move(first.front());
  std::string bytes;
  status s = db_.get(family::snapshots, keys::entity(tenant, execution_id), bytes);
  if (s.is_ok()) {
    // A snapshot is only a shortcut: one that does not decode or does not restore is dropped,
    // and the execution folds from its events, which are the truth.
    core::execution_state check;
    if (!codec::decode(bytes, out.snapshot, "snapshot").is_ok() || !core::restore(out.snapshot, check)) {
      out.snapshot = nullptr;
    }
  } else if (!s.is_not_found()) {
    return s;
  }
  return read(tenant, execution_id, out.last_seq(), SIZE_MAX, out.tail);
}

status event_log::is_active(std::string_view tenant, std::string_view execution_id, bool& out) const {
  std::string ignored;
  status s = db_.get(family::active, keys::entity(tenant, execution_id), ignored);
  out = s.is_ok();
  return s.is_not_found() ? status::ok() : s;
}

status event_log::active_executions(std::vector<execution_ref>& out) const {
  out.clear();
  return db_.scan(family::active, "", "", [&](std::string_view key, std::string_view) {
    auto zero = key.find('\0');
    if (zero == std::string_view::npos) return true;  // not ours: skip rather than fail recovery
    out.push_back({std::string(key.substr(0, zero)), std::string(key.substr(zero + 1))});
    return true;
  });
}

}  // namespace weft::storage
