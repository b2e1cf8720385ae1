// The reducer. Every transition is a small function of (state, event); counters in
// `progress` change only when a step enters or leaves a settled status.
#include "core/execution_state.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "core/expr/value_ops.hpp"
#include "core/json_exact.hpp"
#include "core/json_text.hpp"

namespace weft::core {
namespace {

using json = nlohmann::json;

// Times come back from disk (events, snapshots) only as sane as the disk: arithmetic on them
// saturates rather than overflow (fuzz_codecs found a stored time near INT64_MIN).
std::int64_t plus_ms(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}
std::int64_t minus_ms(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}

bool settled(step_status s) {
  return s == step_status::completed || s == step_status::failed || s == step_status::skipped;
}

void count(execution_progress& p, step_status s, int delta) {
  auto bump = [delta](std::uint32_t& c) { c = static_cast<std::uint32_t>(static_cast<int>(c) + delta); };
  if (s == step_status::completed) bump(p.completed);
  if (s == step_status::failed) bump(p.failed);
  if (s == step_status::skipped) bump(p.skipped);
}

void set_status(execution_state& st, step_state& step, step_status to) {
  if (settled(step.status)) count(st.progress, step.status, -1);
  step.status = to;
  if (settled(to)) count(st.progress, to, +1);
}

std::vector<std::string> handles_of(const json& data, std::vector<std::string> fallback) {
  auto it = data.find("handles");
  if (it == data.end() || !it->is_array()) return fallback;
  std::vector<std::string> out;
  for (const auto& h : *it) {
    if (h.is_string()) out.push_back(h.get<std::string>());
  }
  return out;
}


// At the end of an execution, steps that never settled are counted as skipped, so that
// progress reaches 1 and every step ends completed, failed or skipped.
void settle_rest(execution_state& st) {
  for (auto& [id, step] : st.steps) {
    if (!settled(step.status)) set_status(st, step, step_status::skipped);
  }
  const std::uint32_t done = st.progress.completed + st.progress.failed;
  st.progress.skipped = st.progress.total > done ? st.progress.total - done : 0;
}

void apply_step_event(execution_state& st, const event& e) {
  step_state& step = st.steps[e.step_id];
  switch (e.type) {
    case event_type::step_scheduled:
      set_status(st, step, step_status::scheduled);
      break;
    case event_type::step_started:
      // A wait_for_signal step says so when it starts: it waits rather than runs.
      set_status(st, step, exact_field<std::string>(e.data, "waits_for", "") == "signal" ? step_status::waiting : step_status::running);
      // A process that stopped while the attempt ran starts it again: counted, so a step
      // that takes the process down each time is not run forever.
      if (exact_field<bool>(e.data, "resumed", false)) ++step.interruptions;
      else step.interruptions = 0;
      step.attempts = std::max(step.attempts, e.attempt == 0 ? step.attempts + 1 : e.attempt);
      if (step.started_at == 0) step.started_at = e.at_ms;
      st.current_step = e.step_id;
      break;
    case event_type::step_completed:
      set_status(st, step, step_status::completed);
      step.output = member_or_null(e.data, "output");
      step.finished_at = e.at_ms;
      // A waiting step (a signal, a timer) has no measured attempt time: it lasted its wait.
      step.duration_ms = exact_field<std::int64_t>(e.data, "duration_ms", step.started_at ? minus_ms(e.at_ms, step.started_at) : 0);
      step.taken = handles_of(e.data, {"out"});
      break;
    case event_type::step_failed:
      step.error = member_or_null(e.data, "error");
      step.attempts = std::max(step.attempts, e.attempt);
      if (exact_field<bool>(e.data, "will_retry", false)) {
        set_status(st, step, step_status::retrying);
        step.next_retry_at = exact_field<std::int64_t>(e.data, "next_retry_at", 0);
      } else {
        set_status(st, step, step_status::failed);
        step.finished_at = e.at_ms;
        step.duration_ms = exact_field<std::int64_t>(e.data, "duration_ms", step.duration_ms);
        step.taken = handles_of(e.data, {});
      }
      break;
    case event_type::step_skipped:
      set_status(st, step, step_status::skipped);
      step.finished_at = e.at_ms;
      break;
    case event_type::timer_started:
      set_status(st, step, step_status::waiting);
      step.timer_due_at = exact_field<std::int64_t>(e.data, "due_at", 0);
      break;
    case event_type::timer_fired:
      set_status(st, step, step_status::running);
      break;
    case event_type::signal_received:
      if (step.status == step_status::waiting) set_status(st, step, step_status::running);
      break;
    default:
      break;
  }
}

}  // namespace

std::string_view to_string(execution_status s) noexcept {
  static constexpr std::array<std::string_view, 6> n = {"pending", "running", "completed", "failed", "cancelled",
                                                        "timed_out"};
  return n[static_cast<std::size_t>(s)];
}

std::string_view to_string(step_status s) noexcept {
  static constexpr std::array<std::string_view, 8> n = {"pending", "scheduled", "running", "waiting",
                                                        "retrying", "completed", "failed", "skipped"};
  return n[static_cast<std::size_t>(s)];
}

bool is_terminal(execution_status s) noexcept {
  return s != execution_status::pending && s != execution_status::running;
}

bool is_terminal_status(std::string_view name) noexcept {
  for (auto s : {execution_status::completed, execution_status::failed, execution_status::cancelled, execution_status::timed_out}) {
    if (to_string(s) == name) return true;
  }
  return false;
}

double execution_progress::fraction() const noexcept {
  if (total == 0) return 0.0;
  double f = static_cast<double>(completed + failed + skipped) / total;
  return f > 1.0 ? 1.0 : f;
}

execution_state apply(execution_state st, const event& e) {
  fold_into(st, e);
  return st;
}

void fold_into(execution_state& st, const event& e) {
  if (e.seq != 0 && e.seq <= st.last_seq) return;  // a duplicate from an at-least-once path
  if (is_terminal(st.status) && e.type != event_type::log) return;
  if (e.seq != 0) st.last_seq = e.seq;
  switch (e.type) {
    case event_type::execution_created:
      st.workflow_id = exact_field<std::string>(e.data, "workflow_id", "");
      st.workflow_version = exact_field<std::int64_t>(e.data, "workflow_version", 0);
      st.input = member_or_null(e.data, "input");
      if (auto p = e.data.find("parent"); p != e.data.end() && p->is_object()) {
        st.parent_execution_id = exact_field<std::string>(*p, "execution_id", "");
      }
      st.progress.total = exact_field<std::uint32_t>(e.data, "total_steps", 0);
      if (e.data.contains("timeout_ms")) {
        st.timeout_ms = exact_field<std::int64_t>(e.data, "timeout_ms", 0);
      } else if (auto d = e.data.find("definition"); d != e.data.end() && d->is_object()) {
        // Written before execution_created said its timeout itself.
        if (auto settings = d->find("settings"); settings != d->end() && settings->is_object()) {
          st.timeout_ms = exact_field<std::int64_t>(*settings, "timeout_ms", 0);
        }
      }
      st.created_at = e.at_ms;
      st.status = execution_status::pending;
      break;
    case event_type::execution_started:
      st.status = execution_status::running;
      st.started_at = e.at_ms;
      break;
    case event_type::execution_completed:
      st.status = execution_status::completed;
      st.output = member_or_null(e.data, "output");
      break;
    case event_type::execution_failed:
      st.status = execution_status::failed;
      st.error = member_or_null(e.data, "error");
      break;
    case event_type::execution_cancelled:
      st.status = execution_status::cancelled;
      st.error = {{"code", "cancelled"}, {"message", exact_field<std::string>(e.data, "reason", "cancelled")}};
      break;
    case event_type::execution_timed_out:
      st.status = execution_status::timed_out;
      st.error = {{"code", "timeout"},
                  {"message", "execution exceeded its time limit of " +
                                  std::to_string(exact_field<std::int64_t>(e.data, "timeout_ms", 0)) + " ms"}};
      break;
    case event_type::log:
      break;
    default:
      if (!e.step_id.empty()) apply_step_event(st, e);
      break;
  }
  if (is_terminal(e.type)) {
    st.finished_at = e.at_ms;
    settle_rest(st);
  }
}

rest rest_of(const execution_state& s) {
  rest r;
  if (s.status != execution_status::running) return r;
  auto earliest = [&r](std::int64_t at) {
    if (at > 0 && (r.wake_at == 0 || at < r.wake_at)) r.wake_at = at;
  };
  bool waiting = false;
  for (const auto& [id, step] : s.steps) {
    switch (step.status) {
      case step_status::scheduled:
      case step_status::running:
        return {};
      case step_status::waiting:
        waiting = true;
        earliest(step.timer_due_at);
        break;
      case step_status::retrying:
        waiting = true;
        earliest(step.next_retry_at);
        break;
      default:
        break;
    }
  }
  if (!waiting) return {};
  r.at_rest = true;
  if (s.timeout_ms > 0) earliest(plus_ms(s.started_at, s.timeout_ms));
  return r;
}

std::vector<step_flow> flows_of(const execution_state& s, const graph& g) {
  std::vector<step_flow> out(g.size());
  for (graph::index i = 0; i < g.size(); ++i) {
    auto it = s.steps.find(g.id(i));
    if (it == s.steps.end()) continue;
    const step_state& st = it->second;
    switch (st.status) {
      case step_status::pending: break;
      case step_status::completed:
      case step_status::failed:
        out[i].state = flow_state::settled;
        out[i].taken = &st.taken;
        break;
      case step_status::skipped: out[i].state = flow_state::skipped; break;
      default: out[i].state = flow_state::active; break;
    }
  }
  return out;
}

namespace {
json timestamp_or_null(std::int64_t ms) { return ms == 0 ? json() : json(expr::iso_timestamp(ms)); }
json string_or_null(const std::string& text) { return text.empty() ? json() : json(text); }
}  // namespace

// Built field by field: an initializer list builds each field as a two-element array first
// and copies it in (the state of a finished execution is built for every one that ends).
json summary_of(const execution_state& s, const std::string& execution_id) {
  json out = json::object();
  auto& o = out.get_ref<json::object_t&>();
  o.emplace("execution_id", execution_id);
  o.emplace("workflow_id", s.workflow_id);
  o.emplace("workflow_version", s.workflow_version);
  o.emplace("status", to_string(s.status));
  o.emplace("created_at", timestamp_or_null(s.created_at));
  o.emplace("started_at", timestamp_or_null(s.started_at));
  o.emplace("finished_at", timestamp_or_null(s.finished_at));
  o.emplace("error_code", s.error.is_object() ? s.error.value("code", json()) : json());
  o.emplace("parent_execution_id", string_or_null(s.parent_execution_id));
  return out;
}

json to_json(const execution_state& s) {
  json steps = json::object();
  auto& by_id = steps.get_ref<json::object_t&>();
  for (const auto& [id, st] : s.steps) {
    json step = json::object();
    auto& o = step.get_ref<json::object_t&>();
    o.emplace("status", to_string(st.status));
    o.emplace("attempts", st.attempts);
    o.emplace("started_at", timestamp_or_null(st.started_at));
    o.emplace("finished_at", timestamp_or_null(st.finished_at));
    o.emplace("duration_ms", st.duration_ms);
    if (!st.output.is_null()) o.emplace("output", st.output);
    if (!st.error.is_null()) o.emplace("error", st.error);
    by_id.emplace_hint(by_id.end(), id, std::move(step));  // s.steps is ordered by id too
  }
  json progress = json::object();
  auto& p = progress.get_ref<json::object_t&>();
  p.emplace("total_nodes", s.progress.total);
  p.emplace("completed_nodes", s.progress.completed);
  p.emplace("failed_nodes", s.progress.failed);
  p.emplace("skipped_nodes", s.progress.skipped);
  p.emplace("percentage", std::round(s.progress.fraction() * 1000.0) / 10.0);
  json out = json::object();
  auto& o = out.get_ref<json::object_t&>();
  o.emplace("workflow_id", s.workflow_id);
  o.emplace("workflow_version", s.workflow_version);
  o.emplace("status", to_string(s.status));
  o.emplace("progress", std::move(progress));
  o.emplace("current_step", string_or_null(s.current_step));
  o.emplace("parent_execution_id", string_or_null(s.parent_execution_id));
  o.emplace("input", s.input);
  o.emplace("output", s.output);
  o.emplace("error", s.error);
  o.emplace("created_at", timestamp_or_null(s.created_at));
  o.emplace("started_at", timestamp_or_null(s.started_at));
  o.emplace("finished_at", timestamp_or_null(s.finished_at));
  o.emplace("last_seq", s.last_seq);
  o.emplace("steps", std::move(steps));
  return out;
}

namespace {
json_text& write_timestamp_or_null(json_text& out, std::int64_t ms) {
  if (ms == 0) return out.null();
  expr::timestamp_buffer buf;
  return out.string(expr::iso_timestamp(ms, buf));
}
}  // namespace

// The members of to_json's objects in the order dump() writes them (ascending keys).
std::string state_text(const execution_state& s, std::string_view execution_id) {
  std::string text;
  text.reserve(512 + 256 * s.steps.size());
  json_text out(text);
  out.open_object().key("created_at");
  write_timestamp_or_null(out, s.created_at).comma().key("current_step").string_or_null(s.current_step);
  out.comma().key("error").value(s.error);
  out.comma().key("execution_id").string(execution_id);
  out.comma().key("finished_at");
  write_timestamp_or_null(out, s.finished_at).comma().key("input").value(s.input);
  out.comma().key("last_seq").unsigned_integer(s.last_seq);
  out.comma().key("output").value(s.output);
  out.comma().key("parent_execution_id").string_or_null(s.parent_execution_id);
  out.comma().key("progress").open_object();
  out.key("completed_nodes").unsigned_integer(s.progress.completed);
  out.comma().key("failed_nodes").unsigned_integer(s.progress.failed);
  out.comma().key("percentage").value(json(std::round(s.progress.fraction() * 1000.0) / 10.0));
  out.comma().key("skipped_nodes").unsigned_integer(s.progress.skipped);
  out.comma().key("total_nodes").unsigned_integer(s.progress.total);
  out.close_object();
  out.comma().key("started_at");
  write_timestamp_or_null(out, s.started_at).comma().key("status").string(to_string(s.status));
  out.comma().key("steps").open_object();
  bool first = true;
  for (const auto& [id, st] : s.steps) {  // ordered by id, as dump() writes them
    if (!first) out.comma();
    first = false;
    out.key(id).open_object();
    out.key("attempts").unsigned_integer(st.attempts);
    out.comma().key("duration_ms").integer(st.duration_ms);
    if (!st.error.is_null()) out.comma().key("error").value(st.error);
    out.comma().key("finished_at");
    write_timestamp_or_null(out, st.finished_at);
    if (!st.output.is_null()) out.comma().key("output").value(st.output);
    out.comma().key("started_at");
    write_timestamp_or_null(out, st.started_at).comma().key("status").string(to_string(st.status));
    out.close_object();
  }
  out.close_object();
  out.comma().key("workflow_id").string(s.workflow_id);
  out.comma().key("workflow_version").integer(s.workflow_version);
  out.close_object();
  return text;
}

}  // namespace weft::core
