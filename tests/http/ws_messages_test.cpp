// The three dialects' messages for real executions: the runtime runs a workflow, and its
// logged events go through an execution_view as a subscriber would receive them.
#include <gtest/gtest.h>

#include "http/ws_messages.hpp"
#include "tests/actors/engine_node.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

const json enrichment = json::parse(R"({"steps": [
  {"id": "input", "type": "input", "next": "enrich_data"},
  {"id": "enrich_data", "name": "Data Enrichment", "type": "transform",
   "config": {"set": {"success": "$.input.ok", "company_size": "'101-250'"}}, "next": "decision"},
  {"id": "decision", "type": "condition",
   "config": {"conditions": [{"condition": "$.enrich_data.success == true", "next": "output_success"}], "default": "output_failure"}},
  {"id": "output_success", "type": "output", "config": {"value": "$.enrich_data"}},
  {"id": "output_failure", "type": "output", "config": {"value": "{ 'success': false }"}}]})");

class ws_messages_test : public actors::node_test {
 protected:
  // Runs `definition` to its end and returns its events.
  std::vector<core::event> run(const json& definition, const json& input, const json& settings = json()) {
    actors::node n(path());
    json def = definition;
    if (!settings.is_null()) def["settings"] = settings;
    n.run("e1", def, input);
    return n.events("e1");
  }
  template <class F>
  std::vector<json> all(const std::vector<core::event>& events, F dialect) {
    execution_view view("e1");
    std::vector<json> out;
    for (const auto& e : events) {
      view.apply(e);
      for (auto& m : dialect(view, e)) out.push_back(std::move(m));
    }
    return out;
  }
};

std::vector<json> by_event(const std::vector<json>& messages, const std::string& name) {
  std::vector<json> out;
  for (const auto& m : messages) {
    if (m.value("event", "") == name) out.push_back(m);
  }
  return out;
}

TEST_F(ws_messages_test, seed000_reports_steps_progress_and_the_end_as_the_seed_shows) {
  const auto messages = all(run(enrichment, {{"ok", true}}), seed000_messages);
  ASSERT_FALSE(messages.empty());
  std::uint64_t last_seq = 0;
  double last_progress = 0;
  for (const auto& m : messages) {
    EXPECT_EQ(m["execution_id"], "e1");
    EXPECT_EQ(m["workflow_id"], "wf-1");
    EXPECT_TRUE(m["timestamp"].is_string());
    EXPECT_GE(m["seq"].get<std::uint64_t>(), last_seq) << m.dump();
    last_seq = m["seq"];
    if (m.contains("progress")) {
      EXPECT_GE(m["progress"].get<double>(), last_progress) << "progress only rises";
      last_progress = m["progress"];
    }
  }
  const auto steps = by_event(messages, "workflow_step_completed");
  ASSERT_EQ(steps.size(), 4u);  // input, enrich_data, decision, output_success
  EXPECT_EQ(steps[1]["step_id"], "enrich_data");
  EXPECT_EQ(steps[1]["step_name"], "Data Enrichment");
  EXPECT_EQ(steps[1]["output"], json({{"success", true}, {"company_size", "101-250"}}));
  EXPECT_EQ(steps[1]["next_step"], "decision");
  EXPECT_TRUE(steps[1]["duration_ms"].is_number());
  EXPECT_EQ(steps[2]["next_step"], "output_success") << "the route the condition took";
  const auto updates = by_event(messages, "workflow_execution_update");
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back()["status"], "running");
  EXPECT_TRUE(updates.back()["details"].contains("message"));
  EXPECT_TRUE(by_event(messages, "workflow_execution_error").empty());
  const json done = messages.back();
  EXPECT_EQ(done["event"], "workflow_execution_completed");
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["output"], json({{"success", true}, {"company_size", "101-250"}}));
  EXPECT_TRUE(done["started_at"].is_string());
  EXPECT_TRUE(done["completed_at"].is_string());
  EXPECT_TRUE(done["duration_ms"].is_number());
  EXPECT_DOUBLE_EQ(last_progress, 1.0);
}

TEST_F(ws_messages_test, seed000_reports_retries_then_the_error_and_a_failed_end) {
  const json def = json::parse(R"({"steps": [
    {"id": "lookup", "name": "Customer Lookup", "type": "fail",
     "config": {"code": "external_service_error", "message": "CRM unreachable"},
     "retry": {"max_attempts": 2, "initial_interval_ms": 5}}]})");
  const auto messages = all(run(def, json::object()), seed000_messages);
  bool retry_said = false;
  for (const auto& u : by_event(messages, "workflow_execution_update")) {
    retry_said |= u["details"].value("message", "").find("retrying at") != std::string::npos;
  }
  EXPECT_TRUE(retry_said);
  const auto errors = by_event(messages, "workflow_execution_error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["error"]["step_id"], "lookup");
  EXPECT_EQ(errors[0]["error"]["step_name"], "Customer Lookup");
  EXPECT_EQ(errors[0]["error"]["code"], "external_service_error");
  EXPECT_EQ(errors[0]["error"]["message"], "CRM unreachable");
  EXPECT_EQ(messages.back()["event"], "workflow_execution_completed");
  EXPECT_EQ(messages.back()["status"], "failed");
}

TEST_F(ws_messages_test, a_timeout_reads_as_failed_with_code_timeout) {
  const auto events = run(actors::workload("sleepers"), {{"sleep_ms", 60000}, {"n", 1}}, {{"timeout_ms", 30}});
  const auto m000 = all(events, seed000_messages);
  EXPECT_EQ(m000.back()["status"], "failed");
  EXPECT_EQ(by_event(m000, "workflow_execution_error").at(0)["error"]["code"], "timeout");
  const auto m004 = all(events, seed004_messages);
  EXPECT_EQ(m004.back()["data"]["status"], "failed");
  EXPECT_EQ(m004.back()["data"]["error"]["code"], "timeout");
}

TEST_F(ws_messages_test, seed004_sends_execution_and_node_status_changes) {
  const auto messages = all(run(enrichment, {{"ok", false}}), seed004_messages);
  std::vector<std::string> statuses;
  std::map<std::string, std::vector<std::string>> nodes;
  for (const auto& m : messages) {
    EXPECT_EQ(m["event"], "status_changed");
    EXPECT_TRUE(m["timestamp"].is_string());
    EXPECT_EQ(m["data"]["execution_id"], "e1");
    if (m["type"] == "execution_update") {
      if (statuses.empty() || statuses.back() != m["data"]["status"]) statuses.push_back(m["data"]["status"]);
    } else {
      ASSERT_EQ(m["type"], "node_update") << m.dump();
      nodes[m["data"]["node_id"]].push_back(m["data"]["status"]);
      EXPECT_FALSE(m["data"]["node_execution_id"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"pending", "running", "completed"}));
  EXPECT_EQ(nodes["enrich_data"], (std::vector<std::string>{"running", "completed"}));
  EXPECT_EQ(nodes["output_success"], (std::vector<std::string>{"skipped"}));
  const json last = messages.back();
  EXPECT_EQ(last["data"]["progress_percentage"], 100.0);
  EXPECT_EQ(last["data"]["total_nodes"], 5);
  EXPECT_EQ(last["data"]["output"], json({{"success", false}}));
}

TEST_F(ws_messages_test, seed001_sends_every_event_without_the_definition) {
  const auto events = run(enrichment, {{"ok", true}});
  execution_view view("e1");
  std::size_t n = 0;
  for (const auto& e : events) {
    view.apply(e);
    const json m = seed001_message(view, e);
    EXPECT_EQ(m["event_type"], std::string(core::to_string(e.type)));
    EXPECT_EQ(m["data"]["seq"], e.seq);
    EXPECT_EQ(m["data"]["execution_id"], "e1");
    EXPECT_FALSE(m["data"].contains("definition"));
    EXPECT_TRUE(m["timestamp"].is_string());
    ++n;
  }
  EXPECT_EQ(n, events.size());
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

// Events come back from disk: a field of the wrong type, or data that is not an object,
// makes a message without it, never an exception (nlohmann's value() threw out of the
// dialects for each of these: "type must be boolean, but is string", "cannot use value()
// with number", ...; a subscriber's connection would have closed on it).
TEST_F(ws_messages_test, damaged_event_data_makes_messages_without_the_damaged_fields) {
  auto events = run(enrichment, {{"ok", true}});
  ASSERT_GT(events.size(), 3u);
  const json wrong_fields = {{"waits_for", 1},      {"error", {{"message", 5}, {"step_id", 7}, {"code", false}}},
                             {"will_retry", "yes"}, {"next_retry_at", 1.5e300},
                             {"due_at", "soon"},    {"name", json::array({1})},
                             {"message", json::object()}, {"duration_ms", 1e24},
                             {"handles", "out"},    {"level", 3},
                             {"workflow_id", 9}};
  const std::vector<json> damaged = {wrong_fields, 7, "text", json::array({1, 2}), json()};
  const std::vector<core::event_type> types = {
      core::event_type::step_started, core::event_type::step_completed, core::event_type::step_failed,
      core::event_type::timer_started, core::event_type::signal_received, core::event_type::log,
      core::event_type::execution_failed};
  for (const json& data : damaged) {
    for (auto type : types) {
      core::event e;
      e.seq = events.size() + 1;
      e.type = type;
      e.at_ms = events.back().at_ms;
      e.step_id = type == core::event_type::execution_failed ? "" : "enrich_data";
      e.attempt = 1;
      e.data = data;
      auto with = events;
      with.push_back(e);
      EXPECT_NO_THROW((void)all(with, seed000_messages)) << core::to_string(type) << " " << data.dump();
      EXPECT_NO_THROW((void)all(with, seed004_messages)) << core::to_string(type) << " " << data.dump();
      EXPECT_NO_THROW((void)all(with, [](const execution_view& v, const core::event& ev) {
        return std::vector<json>{seed001_message(v, ev)};
      })) << core::to_string(type) << " " << data.dump();
    }
  }
}

}  // namespace
}  // namespace weft::http
