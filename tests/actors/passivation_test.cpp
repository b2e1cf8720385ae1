// Executions at rest for longer than the threshold stop their actors and live on in their
// log: they wake on their alarm, on a signal or a cancel, and across a restart, and every
// step still runs exactly once.
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "core/expr/value_ops.hpp"
#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::actors {
namespace {

class passivation_test : public node_test {
 protected:
  static engine_options quick() { return {.passivate_after_ms = 50}; }  // at rest for 50 ms or more: passivate
};

// Polls the actor count (passivation leaves no event to wait on) until it is `n`.
bool running_actors_become(node& n, std::size_t target) {
  return eventually([&] { return n.sys->registry().running() == target; });
}

std::size_t count(const std::vector<core::event>& events, core::event_type type, const std::string& step = "") {
  std::size_t c = 0;
  for (const auto& e : events) c += e.type == type && (step.empty() || e.step_id == step);
  return c;
}

const json approval = json::parse(R"({"steps": [
  {"id": "input", "type": "input", "next": "ask"},
  {"id": "ask", "type": "wait_for_signal", "config": {"name": "decision"}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.ask.payload"}}]})");

bool signal(node& n, const std::string& id, const json& payload) {
  caf::scoped_actor self{*n.sys};
  bool delivered = false;
  self->request(n.engine, std::chrono::seconds(5), signal_execution{"acme", id, "decision", payload.dump()})
      .receive([&](bool ok) { delivered = ok; }, [&](caf::error& err) { ADD_FAILURE() << n.sys->render(err); });
  return delivered;
}

TEST_F(passivation_test, a_sleeper_stops_its_actors_and_wakes_on_its_timer) {
  node n(path(), quick());
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 400}, {"n", 7}}), "e1");
  EXPECT_TRUE(running_actors_become(n, idle)) << "still " << n.sys->registry().running() << " actors";
  EXPECT_EQ(n.await("e1", 1)["steps"]["wait"]["status"], "waiting");  // from the log
  json s = n.await("e1");  // an await outlives the passivation
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"woke", true}, {"n", 7}}));
  const auto events = n.events("e1");
  EXPECT_EQ(count(events, core::event_type::timer_started), 1u);
  EXPECT_EQ(count(events, core::event_type::timer_fired), 1u);
  for (const char* step : {"input", "wait", "out"}) EXPECT_EQ(count(events, core::event_type::step_completed, step), 1u) << step;
}

TEST_F(passivation_test, a_short_wait_stays_in_memory) {
  node n(path(), {.passivate_after_ms = 60'000});
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 300}, {"n", 1}}), "e1");
  EXPECT_GT(n.sys->registry().running(), idle);
  EXPECT_EQ(n.await("e1")["status"], "completed");
}

TEST_F(passivation_test, a_signal_wakes_a_passivated_execution) {
  node n(path(), quick());
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", approval, json::object()), "e1");
  ASSERT_TRUE(running_actors_become(n, idle));
  EXPECT_TRUE(signal(n, "e1", {{"approved", true}}));
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"approved", true}}));
  EXPECT_EQ(count(n.events("e1"), core::event_type::step_completed, "ask"), 1u);
  EXPECT_FALSE(signal(n, "e1", json::object())) << "an ended execution takes no signal";
}

TEST_F(passivation_test, a_cancel_reaches_a_passivated_execution) {
  node n(path(), quick());
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", approval, json::object()), "e1");
  ASSERT_TRUE(running_actors_become(n, idle));
  caf::scoped_actor self{*n.sys};
  bool cancelled = false;
  self->request(n.engine, std::chrono::seconds(5), cancel_execution{"acme", "e1", "no longer needed"})
      .receive([&](bool ok) { cancelled = ok; }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(n.await("e1")["status"], "cancelled");
}

TEST_F(passivation_test, sleepers_survive_a_restart_without_actors_and_wake_on_time) {
  {
    node n(path(), quick());
    const std::size_t idle = n.sys->registry().running();
    for (int i = 0; i < 20; ++i) n.start("e" + std::to_string(i), workload("sleepers"), {{"sleep_ms", 600}, {"n", i}});
    ASSERT_TRUE(running_actors_become(n, idle));
  }
  node n(path(), quick());
  // Recovery folds each log and sets an alarm; it spawns nothing for a sleeper.
  const std::size_t idle = n.sys->registry().running();
  for (int i = 0; i < 20; ++i) {
    const std::string id = "e" + std::to_string(i);
    json s = n.await(id);
    ASSERT_EQ(s["status"], "completed") << s.dump();
    EXPECT_EQ(s["output"]["n"], i);
    EXPECT_EQ(count(n.events(id), core::event_type::timer_fired), 1u);
  }
  EXPECT_TRUE(running_actors_become(n, idle));
}

TEST_F(passivation_test, a_retry_far_away_passivates_and_happens_once_woken) {
  const json def = json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "boom"},
    {"id": "boom", "type": "fail", "config": {"code": "flaky"}, "retry": {"max_attempts": 2, "initial_interval_ms": 300}}]})");
  node n(path(), quick());
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  EXPECT_TRUE(running_actors_become(n, idle));
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "failed") << s.dump();
  EXPECT_EQ(s["steps"]["boom"]["attempts"], 2);
  const auto events = n.events("e1");
  EXPECT_EQ(count(events, core::event_type::step_started, "boom"), 2u);
  EXPECT_EQ(count(events, core::event_type::step_failed, "boom"), 2u);
}


// Every 5 events a snapshot: the sleeper comes back from it (after a restart, too) with its
// step outputs, the signal that arrived early, and every step still run once.
TEST_F(passivation_test, a_long_execution_comes_back_from_its_snapshot) {
  json steps = json::array({{{"id", "input"}, {"type", "input"}, {"next", "t1"}}});
  for (int i = 1; i <= 6; ++i) {
    steps.push_back({{"id", "t" + std::to_string(i)},
                     {"type", "transform"},
                     {"config", {{"set", {{"n", i == 1 ? "$.input.n + 1" : "$.t" + std::to_string(i - 1) + ".n + 1"}}}}},
                     {"next", i == 6 ? "nap" : "t" + std::to_string(i + 1)}});
  }
  // Long enough that the check below runs while it sleeps, even on a loaded machine (400 ms
  // was not: under a parallel ctest the delay sometimes fired, and the run ended, first).
  steps.push_back({{"id", "nap"}, {"type", "delay"}, {"config", {{"duration_ms", 2000}}}, {"next", "ask"}});
  steps.push_back({{"id", "ask"}, {"type", "wait_for_signal"}, {"config", {{"name", "go"}}}, {"next", "out"}});
  steps.push_back({{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.t6.n, 'first': $.t1.n, 'go': $.ask.payload }"}}}});
  const json def = {{"steps", steps}};
  const engine_options options{.passivate_after_ms = 50, .snapshot_every = 5};
  {
    node n(path(), options);
    caf::scoped_actor self{*n.sys};
    const std::size_t idle = n.sys->registry().running();
    ASSERT_EQ(n.start("e1", def, {{"n", 0}}), "e1");
    bool delivered = false;
    self->request(n.engine, std::chrono::seconds(5), signal_execution{"acme", "e1", "go", R"("early")"})
        .receive([&](bool ok) { delivered = ok; }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
    EXPECT_TRUE(delivered);
    ASSERT_TRUE(running_actors_become(n, idle)) << "asleep at the delay";
    core::execution_history h;
    ASSERT_TRUE(n.log->read_history("acme", "e1", h).is_ok());
    ASSERT_EQ(count(n.events("e1"), core::event_type::timer_fired, "nap"), 0u) << "the delay fired before the check: not asleep";
    ASSERT_TRUE(h.snapshot.is_object()) << "no snapshot after " << h.last_seq() << " events";
    EXPECT_LT(h.tail.size(), 5u);
  }
  node n(path(), options);  // a restart while it sleeps
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"n", 6}, {"first", 1}, {"go", "early"}}));
  const auto events = n.events("e1");
  for (const char* step : {"input", "t1", "t3", "t6", "nap", "ask", "out"}) {
    EXPECT_EQ(count(events, core::event_type::step_completed, step), 1u) << step;
  }
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, i + 1);
}


// A timer at or beyond the passivation threshold, armed while another branch is busy, must
// still fire on time when that branch ends with less than the threshold left (the execution
// then never passivates, so it is the actor's own timer or nothing). Each workflow has one
// step that answers after 400 ms beside a timer 700 ms away; the threshold is 300 ms.
class busy_timer_test : public passivation_test {
 protected:
  static engine_options threshold() { return {.passivate_after_ms = 300}; }
  weft::testing::stub_server slow_{[](const weft::testing::stub_request&) {
    return weft::testing::stub_response{200, "application/json", R"({"done": true})", 400};
  }};
  json slow_step(const std::string& id, const std::string& next) const {
    json step = {{"id", id}, {"type", "http"}, {"config", {{"url", "http://127.0.0.1:" + std::to_string(slow_.port()) + "/"}}}};
    if (!next.empty()) step["next"] = next;
    return step;
  }
  static std::int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
  }
};

TEST_F(busy_timer_test, a_delay_beside_a_busy_branch_fires_on_time) {
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", {"nap", "slow"}}},
                      {{"id", "nap"}, {"type", "delay"}, {"config", {{"duration_ms", 700}}}, {"next", "join"}},
                      slow_step("slow", "join"),
                      {{"id", "join"}, {"type", "join"}, {"next", "out"}},
                      {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.slow.body"}}}}}}};
  node n(path(), threshold());
  const auto began = std::chrono::steady_clock::now();
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  json s = n.await("e1", 5'000);
  ASSERT_EQ(s["status"], "completed") << "the delay never fired: " << s.dump();
  EXPECT_GE(elapsed_ms(began), 700);
  EXPECT_LT(elapsed_ms(began), 3'000);
  EXPECT_EQ(s["output"], json({{"done", true}}));
  std::int64_t due = 0, fired = 0;
  for (const auto& e : n.events("e1")) {
    if (e.type == core::event_type::timer_started) due = e.data.at("due_at").get<std::int64_t>();
    if (e.type == core::event_type::timer_fired) fired = e.at_ms;
  }
  EXPECT_GE(fired, due) << "never early";
}

TEST_F(busy_timer_test, a_retry_beside_a_busy_branch_happens_on_time) {
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", {"flaky", "slow"}}},
                      {{"id", "flaky"}, {"type", "fail"}, {"config", {{"code", "flaky"}}},
                       {"retry", {{"max_attempts", 2}, {"initial_interval_ms", 700}}}, {"on_error", "continue"}, {"next", "join"}},
                      slow_step("slow", "join"),
                      {{"id", "join"}, {"type", "join"}, {"next", "out"}},
                      {{"id", "out"}, {"type", "output"}, {"config", {{"value", "'both'"}}}}}}};
  node n(path(), threshold());
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  json s = n.await("e1", 5'000);
  ASSERT_EQ(s["status"], "completed") << "the retry never came: " << s.dump();
  EXPECT_EQ(s["steps"]["flaky"]["attempts"], 2);
}

TEST_F(busy_timer_test, a_busy_execution_does_not_outlive_its_deadline) {
  json def = {{"steps",
               {{{"id", "input"}, {"type", "input"}, {"next", "slow"}},
                slow_step("slow", "nap"),
                {{"id", "nap"}, {"type", "delay"}, {"config", {{"duration_ms", 60'000}}}, {"next", "out"}},
                {{"id", "out"}, {"type", "output"}, {"config", {{"value", "'late'"}}}}}}};
  def["settings"] = {{"timeout_ms", 700}};
  node n(path(), threshold());
  const auto began = std::chrono::steady_clock::now();
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  json s = n.await("e1", 5'000);
  ASSERT_EQ(s["status"], "timed_out") << "the deadline passed unseen: " << s.dump();
  EXPECT_GE(elapsed_ms(began), 700);
  EXPECT_LT(elapsed_ms(began), 3'000);
}

// delay.until: a timestamp written out, or an expression yielding one (or unix ms).
TEST_F(passivation_test, a_delay_until_waits_for_the_time_it_names) {
  const auto def = [](const json& until) {
    return json{{"steps",
                 {{{"id", "input"}, {"type", "input"}, {"next", "nap"}},
                  {{"id", "nap"}, {"type", "delay"}, {"config", {{"until", until}}}, {"next", "out"}},
                  {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.nap"}}}}}}};
  };
  node n(path(), quick());
  const std::int64_t at = core::expr::system_now_ms() + 400;
  const std::string iso = core::expr::iso_timestamp(at);
  ASSERT_EQ(n.start("literal", def(iso), json::object()), "literal");
  ASSERT_EQ(n.start("expression", def("$.input.when"), {{"when", iso}}), "expression");
  ASSERT_EQ(n.start("unix_ms", def("$.input.when"), {{"when", at}}), "unix_ms");
  for (const char* id : {"literal", "expression", "unix_ms"}) {
    json s = n.await(id);
    ASSERT_EQ(s["status"], "completed") << id << ": " << s.dump();
    EXPECT_GE(s["output"]["fired_at"].get<std::int64_t>(), at) << id;
    std::int64_t due = 0;
    for (const auto& e : n.events(id)) {
      if (e.type == core::event_type::timer_started) due = e.data.at("due_at").get<std::int64_t>();
    }
    EXPECT_EQ(due, at) << id;
  }
  ASSERT_EQ(n.start("offset", def("2020-01-01T01:00:00+01:00"), json::object()), "offset");
  json past = n.await("offset");
  ASSERT_EQ(past["status"], "completed") << past.dump();
  for (const auto& e : n.events("offset")) {
    if (e.type == core::event_type::timer_started) {
      EXPECT_EQ(e.data.at("due_at"), 1'577'836'800'000) << "2020-01-01T00:00:00Z";
    }
  }
  ASSERT_EQ(n.start("nonsense", def("$.input.when"), {{"when", "next tuesday"}}), "nonsense");
  json bad = n.await("nonsense");
  ASSERT_EQ(bad["status"], "failed") << bad.dump();
  EXPECT_EQ(bad["error"]["code"], "invalid_config") << bad.dump();
}

}  // namespace
}  // namespace weft::actors
