#include "core/execution_snapshot.hpp"

#include <string>

#include "core/json_exact.hpp"

namespace weft::core {

using json = nlohmann::json;

json snapshot_of(const execution_state& s, json extra) {
  json steps = json::object();
  for (const auto& [id, st] : s.steps) {
    steps[id] = {{"status", static_cast<int>(st.status)},
                 {"attempts", st.attempts},
                 {"output", st.output},
                 {"error", st.error},
                 {"started_at", st.started_at},
                 {"finished_at", st.finished_at},
                 {"duration_ms", st.duration_ms},
                 {"next_retry_at", st.next_retry_at},
                 {"timer_due_at", st.timer_due_at},
                 {"interruptions", st.interruptions},
                 {"taken", st.taken}};
  }
  return {{"version", 1},
          {"workflow_id", s.workflow_id},
          {"workflow_version", s.workflow_version},
          {"parent_execution_id", s.parent_execution_id},
          {"status", static_cast<int>(s.status)},
          {"input", s.input},
          {"output", s.output},
          {"error", s.error},
          {"created_at", s.created_at},
          {"started_at", s.started_at},
          {"finished_at", s.finished_at},
          {"timeout_ms", s.timeout_ms},
          {"current_step", s.current_step},
          {"last_seq", s.last_seq},
          {"progress", {s.progress.total, s.progress.completed, s.progress.failed, s.progress.skipped}},
          {"steps", std::move(steps)},
          {"extra", std::move(extra)}};
}

namespace {

// A snapshot comes back from disk, where a bit flip or a foreign value can put anything in any
// field (fuzz_codecs found a string version ending the process): every field is read with its
// exact type and range, and anything else makes the whole snapshot unreadable.
struct unreadable {};

const json& field(const json& object, const char* key) {
  if (!object.is_object()) throw unreadable{};
  const auto it = object.find(key);
  if (it == object.end()) throw unreadable{};
  return *it;
}

// An integer of type Int exactly: no float (NaN has no integer), nothing out of range.
template <class Int>
Int integer(const json& v) {
  if (const auto i = exact_integer<Int>(v)) return *i;
  throw unreadable{};
}

template <class Int>
Int integer(const json& object, const char* key) {
  return integer<Int>(field(object, key));
}

std::string text(const json& object, const char* key) {
  const json& v = field(object, key);
  if (!v.is_string()) throw unreadable{};
  return v.get<std::string>();
}

template <class Enum>
Enum enumerator(const json& object, const char* key, Enum last) {
  const int value = integer<int>(object, key);
  if (value < 0 || value > static_cast<int>(last)) throw unreadable{};
  return static_cast<Enum>(value);
}

}  // namespace

bool restore(const json& snap, execution_state& out) {
  try {
    if (integer<int>(snap, "version") != 1) return false;
    execution_state s;
    s.workflow_id = text(snap, "workflow_id");
    s.workflow_version = integer<std::int64_t>(snap, "workflow_version");
    if (snap.contains("parent_execution_id")) s.parent_execution_id = text(snap, "parent_execution_id");
    s.status = enumerator(snap, "status", execution_status::timed_out);
    s.input = field(snap, "input");
    s.output = field(snap, "output");
    s.error = field(snap, "error");
    s.created_at = integer<std::int64_t>(snap, "created_at");
    s.started_at = integer<std::int64_t>(snap, "started_at");
    s.finished_at = integer<std::int64_t>(snap, "finished_at");
    s.timeout_ms = integer<std::int64_t>(snap, "timeout_ms");
    s.current_step = text(snap, "current_step");
    s.last_seq = integer<std::uint64_t>(snap, "last_seq");
    const json& p = field(snap, "progress");
    if (!p.is_array() || p.size() != 4) return false;
    s.progress = {integer<std::uint32_t>(p[0]), integer<std::uint32_t>(p[1]), integer<std::uint32_t>(p[2]),
                  integer<std::uint32_t>(p[3])};
    const json& steps = field(snap, "steps");
    if (!steps.is_object()) return false;
    for (const auto& [id, st] : steps.items()) {
      step_state& step = s.steps[id];
      step.status = enumerator(st, "status", step_status::skipped);
      step.attempts = integer<std::uint32_t>(st, "attempts");
      step.output = field(st, "output");
      step.error = field(st, "error");
      step.started_at = integer<std::int64_t>(st, "started_at");
      step.finished_at = integer<std::int64_t>(st, "finished_at");
      step.duration_ms = integer<std::int64_t>(st, "duration_ms");
      step.next_retry_at = integer<std::int64_t>(st, "next_retry_at");
      step.timer_due_at = integer<std::int64_t>(st, "timer_due_at");
      // absent in older snapshots
      if (st.contains("interruptions")) step.interruptions = integer<std::uint32_t>(st, "interruptions");
      const json& taken = field(st, "taken");
      if (!taken.is_array()) return false;
      for (const json& next : taken) {
        if (!next.is_string()) return false;
        step.taken.push_back(next.get<std::string>());
      }
    }
    if (snap.contains("extra") && !snap["extra"].is_object()) return false;
    out = std::move(s);
    return true;
  } catch (const unreadable&) {
    return false;
  }
}

std::uint64_t execution_history::last_seq() const noexcept {
  if (!tail.empty()) return tail.back().seq;
  // A snapshot is only kept once restore() has read it, last_seq included; anything else
  // (never expected) counts as no snapshot rather than throwing from here.
  const auto it = snapshot.find("last_seq");
  if (it == snapshot.end()) return created.seq;
  return exact_integer<std::uint64_t>(*it).value_or(created.seq);
}

execution_state fold(const execution_history& h) {
  execution_state s;
  if (!restore(h.snapshot, s)) s = apply(std::move(s), h.created);
  for (const auto& e : h.tail) s = apply(std::move(s), e);
  return s;
}

}  // namespace weft::core
