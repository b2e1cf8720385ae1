// One function per dialect; each reads the folded state for what the event changed.
#include "http/ws_messages.hpp"

#include <cmath>
#include <set>

#include "core/expr/value_ops.hpp"
#include "core/json_exact.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;
using core::event_type;

json iso(std::int64_t ms) { return ms == 0 ? json() : json(core::expr::iso_timestamp(ms)); }

// The status as the seeds know it: timed_out reads as failed.
std::string seed_status(core::execution_status s) {
  return s == core::execution_status::timed_out ? "failed" : std::string(core::to_string(s));
}

std::string step_status_of(const execution_view& view, const std::string& step_id) {
  auto it = view.state().steps.find(step_id);
  return it == view.state().steps.end() ? "pending" : std::string(core::to_string(it->second.status));
}

// What a step event says in words, for seed 000's details.message and seed 004's message.
std::string describe(const execution_view& view, const core::event& e) {
  const std::string name = view.step_name(e.step_id);
  switch (e.type) {
    case event_type::step_started:
      return core::exact_field<std::string>(e.data, "waits_for", "") == "signal" ? name + " waits for a signal"
                                                       : name + " started (attempt " + std::to_string(e.attempt) + ")";
    case event_type::step_completed: return name + " completed";
    case event_type::step_skipped: return name + " skipped";
    case event_type::step_failed: {
      std::string m = name + " failed (attempt " + std::to_string(e.attempt) + "): " +
                      core::exact_field<std::string>(core::member_or_null(e.data, "error"), "message", "");
      if (core::exact_field<bool>(e.data, "will_retry", false)) {
        m += "; retrying at " + core::expr::iso_timestamp(core::exact_field<std::int64_t>(e.data, "next_retry_at", 0));
      }
      return m;
    }
    case event_type::timer_started:
      return name + " waits until " + core::expr::iso_timestamp(core::exact_field<std::int64_t>(e.data, "due_at", 0));
    case event_type::timer_fired: return name + " timer fired";
    case event_type::signal_received: return "signal '" + core::exact_field<std::string>(e.data, "name", "") + "' received";
    case event_type::log: return core::exact_field<std::string>(e.data, "message", "");
    default: return "";
  }
}

// Seed 000 names every failed call to another service `external_service_error`; the http
// step's own code (connection_error, timeout, http_5xx, ...) goes in details.cause.
json error_of(const execution_view& view) {
  const json& error = view.state().error;
  const std::string step = core::exact_field<std::string>(error, "step_id", "");
  std::string code = core::exact_field<std::string>(error, "code", "");
  json details = error.is_object() && error.contains("details") ? error["details"] : json::object();
  static const std::set<std::string> call_failures = {"connection_error", "tls_error", "timeout", "http_4xx", "http_5xx"};
  if (!step.empty() && view.step_type(step) == "http" && call_failures.count(code)) {
    if (!details.is_object()) details = {{"details", details}};
    details["cause"] = code;
    code = "external_service_error";
  }
  return {{"step_id", step.empty() ? json() : json(step)},
          {"step_name", step.empty() ? json() : json(view.step_name(step))},
          {"message", core::exact_field<std::string>(error, "message", "")},
          {"code", code},
          {"details", details}};
}

std::int64_t duration_ms(const core::execution_state& s) {
  return s.started_at > 0 && s.finished_at >= s.started_at ? s.finished_at - s.started_at : 0;
}

}  // namespace

std::vector<json> seed000_messages(const execution_view& view, const core::event& e) {
  const auto& st = view.state();
  const json base = {{"execution_id", view.execution_id()},
                     {"workflow_id", st.workflow_id},
                     {"timestamp", core::expr::iso_timestamp(e.at_ms)},
                     {"seq", e.seq}};
  auto update = [&](json details) {
    json m = base;
    m["event"] = "workflow_execution_update";
    m["status"] = seed_status(st.status);
    m["current_step"] = st.current_step.empty() ? json() : json(st.current_step);
    m["progress"] = view.progress();
    m["details"] = std::move(details);
    return m;
  };
  switch (e.type) {
    case event_type::execution_created:
    case event_type::execution_started:
      return {update({{"message", e.type == event_type::execution_created ? "execution created" : "execution started"},
                      {"started_at", iso(st.started_at)}})};
    case event_type::step_completed: {
      json m = base;
      m["event"] = "workflow_step_completed";
      m["step_id"] = e.step_id;
      m["step_name"] = view.step_name(e.step_id);
      m["output"] = core::member_or_null(e.data, "output");
      m["duration_ms"] = core::exact_field<std::int64_t>(e.data, "duration_ms", 0);
      const json handles = (e.data.contains("handles") ? e.data["handles"] : json::array({"out"}));
      const std::string next = handles.is_array() && !handles.empty() && handles[0].is_string()
                                   ? view.next_step(e.step_id, handles[0].get<std::string>())
                                   : "";
      m["next_step"] = next.empty() ? json() : json(next);
      m["progress"] = view.progress();
      return {m};
    }
    case event_type::execution_completed:
    case event_type::execution_failed:
    case event_type::execution_cancelled:
    case event_type::execution_timed_out: {
      std::vector<json> out;
      if (e.type == event_type::execution_failed || e.type == event_type::execution_timed_out) {
        json error = base;
        error["event"] = "workflow_execution_error";
        error["error"] = error_of(view);
        out.push_back(std::move(error));
      }
      json done = base;
      done["event"] = "workflow_execution_completed";
      done["status"] = seed_status(st.status);
      done["started_at"] = iso(st.started_at);
      done["completed_at"] = iso(st.finished_at);
      done["duration_ms"] = duration_ms(st);
      done["output"] = st.output;
      if (st.status != core::execution_status::completed) done["error"] = st.error;
      out.push_back(std::move(done));
      return out;
    }
    default: {
      json details = {{"message", describe(view, e)}};
      if (!e.step_id.empty()) {
        details["step_id"] = e.step_id;
        details["step_name"] = view.step_name(e.step_id);
        if (auto it = st.steps.find(e.step_id); it != st.steps.end()) details["started_at"] = iso(it->second.started_at);
      }
      if (e.type == event_type::log) details["level"] = core::exact_field<std::string>(e.data, "level", "info");
      return {update(std::move(details))};
    }
  }
}

std::vector<json> seed004_messages(const execution_view& view, const core::event& e) {
  const auto& st = view.state();
  const std::string ts = core::expr::iso_timestamp(e.at_ms);
  auto execution_update = [&] {
    return json{{"type", "execution_update"},
                {"event", "status_changed"},
                {"data",
                 {{"execution_id", view.execution_id()},
                  {"workflow_id", st.workflow_id},
                  {"status", seed_status(st.status)},
                  {"progress_percentage", std::round(view.progress() * 1000.0) / 10.0},
                  {"completed_nodes", st.progress.completed},
                  {"total_nodes", st.progress.total},
                  {"current_node", st.current_step.empty() ? json() : json(st.current_step)}}},
                {"timestamp", ts},
                {"seq", e.seq}};
  };
  switch (e.type) {
    case event_type::execution_created:
    case event_type::execution_started:
    case event_type::execution_completed:
    case event_type::execution_failed:
    case event_type::execution_cancelled:
    case event_type::execution_timed_out: {
      json m = execution_update();
      if (core::is_terminal(st.status)) {
        m["data"]["output"] = st.output;
        if (st.status != core::execution_status::completed) m["data"]["error"] = st.error;
      }
      return {m};
    }
    case event_type::step_started:
    case event_type::step_completed:
    case event_type::step_failed:
    case event_type::step_skipped:
    case event_type::timer_started: {
      json node = {{"type", "node_update"},
                   {"event", "status_changed"},
                   {"data",
                    {{"execution_id", view.execution_id()},
                     {"node_execution_id", view.execution_id() + ":" + e.step_id + ":" + std::to_string(e.attempt)},
                     {"node_id", e.step_id},
                     {"node_name", view.step_name(e.step_id)},
                     {"status", step_status_of(view, e.step_id)},
                     {"message", describe(view, e)}}},
                   {"timestamp", ts},
                   {"seq", e.seq}};
      if (e.type == event_type::step_completed) node["data"]["output"] = core::member_or_null(e.data, "output");
      if (e.type == event_type::step_failed) node["data"]["error"] = core::member_or_null(e.data, "error");
      std::vector<json> out = {std::move(node)};
      // A step that settles moves the execution's progress.
      if (e.type == event_type::step_completed || e.type == event_type::step_skipped ||
          (e.type == event_type::step_failed && !core::exact_field<bool>(e.data, "will_retry", false))) {
        out.push_back(execution_update());
      }
      return out;
    }
    default:
      return {};
  }
}

json seed001_message(const execution_view& view, const core::event& e) {
  json data = e.data.is_object() ? e.data : json::object();
  data.erase("definition");  // the instance's own definition; large, and the client has it
  data["execution_id"] = view.execution_id();
  if (!e.step_id.empty()) {
    data["step_id"] = e.step_id;
    data["attempt"] = e.attempt;
  }
  data["seq"] = e.seq;
  data["status"] = std::string(core::to_string(view.state().status));
  return {{"event_type", std::string(core::to_string(e.type))},
          {"data", std::move(data)},
          {"timestamp", core::expr::iso_timestamp(e.at_ms)}};
}

// A workflow change in the words every dialect uses; `seq` is the workflow's revision.
json workflow_fields(const core::workflow_change& c) {
  return {{"workflow_id", c.workflow_id},
          {"name", c.name},
          {"version", c.version},
          {"change", c.change},
          {"previous_status", c.previous_status.empty() ? json() : json(c.previous_status)},
          {"status", c.status},
          {"updated_at", iso(c.updated_at)},
          {"updated_by", c.updated_by},
          {"seq", c.revision}};
}

json seed000_workflow_message(const core::workflow_change& change) {
  json m = {{"event", "workflow_updated"}};
  m.update(workflow_fields(change));
  return m;
}

json seed004_workflow_message(const core::workflow_change& change) {
  return {{"type", "workflow_update"}, {"event", change.change}, {"data", workflow_fields(change)}, {"timestamp", iso(change.updated_at)}};
}

json seed001_workflow_message(const core::workflow_change& change) {
  return {{"event_type", "workflow_updated"}, {"data", workflow_fields(change)}, {"timestamp", iso(change.updated_at)}};
}

}  // namespace weft::http
