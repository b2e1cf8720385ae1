#include "core/execution_snapshot.hpp"

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

bool restore(const json& snap, execution_state& out) {
  if (!snap.is_object() || snap.value("version", 0) != 1) return false;
  try {
    execution_state s;
    s.workflow_id = snap.at("workflow_id").get<std::string>();
    s.workflow_version = snap.at("workflow_version").get<std::int64_t>();
    s.parent_execution_id = snap.value("parent_execution_id", "");
    const int status = snap.at("status").get<int>();
    if (status < 0 || status > static_cast<int>(execution_status::timed_out)) return false;
    s.status = static_cast<execution_status>(status);
    s.input = snap.at("input");
    s.output = snap.at("output");
    s.error = snap.at("error");
    s.created_at = snap.at("created_at").get<std::int64_t>();
    s.started_at = snap.at("started_at").get<std::int64_t>();
    s.finished_at = snap.at("finished_at").get<std::int64_t>();
    s.timeout_ms = snap.at("timeout_ms").get<std::int64_t>();
    s.current_step = snap.at("current_step").get<std::string>();
    s.last_seq = snap.at("last_seq").get<std::uint64_t>();
    const json& p = snap.at("progress");
    s.progress = {p.at(0).get<std::uint32_t>(), p.at(1).get<std::uint32_t>(), p.at(2).get<std::uint32_t>(),
                  p.at(3).get<std::uint32_t>()};
    for (const auto& [id, st] : snap.at("steps").items()) {
      step_state& step = s.steps[id];
      const int step_status_value = st.at("status").get<int>();
      if (step_status_value < 0 || step_status_value > static_cast<int>(step_status::skipped)) return false;
      step.status = static_cast<step_status>(step_status_value);
      step.attempts = st.at("attempts").get<std::uint32_t>();
      step.output = st.at("output");
      step.error = st.at("error");
      step.started_at = st.at("started_at").get<std::int64_t>();
      step.finished_at = st.at("finished_at").get<std::int64_t>();
      step.duration_ms = st.at("duration_ms").get<std::int64_t>();
      step.next_retry_at = st.at("next_retry_at").get<std::int64_t>();
      step.timer_due_at = st.at("timer_due_at").get<std::int64_t>();
      step.interruptions = st.value("interruptions", std::uint32_t{0});  // absent in older snapshots
      step.taken = st.at("taken").get<std::vector<std::string>>();
    }
    out = std::move(s);
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

std::uint64_t execution_history::last_seq() const noexcept {
  if (!tail.empty()) return tail.back().seq;
  if (snapshot.is_object()) return snapshot.value("last_seq", created.seq);
  return created.seq;
}

execution_state fold(const execution_history& h) {
  execution_state s;
  if (!restore(h.snapshot, s)) s = apply(std::move(s), h.created);
  for (const auto& e : h.tail) s = apply(std::move(s), e);
  return s;
}

}  // namespace weft::core
