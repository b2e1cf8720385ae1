// Executions at rest for longer than the threshold stop their actors and live on in their
// log: they wake on their alarm, on a signal or a cancel, and across a restart, and every
// step still runs exactly once.
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::actors {
namespace {

class passivation_test : public node_test {
 protected:
  static engine_options quick() { return {.passivate_after_ms = 50}; }  // at rest for 50 ms or more: passivate
};

// Polls the actor count (passivation leaves no event to wait on) until it is `n`.
bool running_actors_become(node& n, std::size_t target) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (n.sys->registry().running() == target) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
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

}  // namespace
}  // namespace weft::actors

namespace weft::actors {
namespace {

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
  steps.push_back({{"id", "nap"}, {"type", "delay"}, {"config", {{"duration_ms", 400}}}, {"next", "ask"}});
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

}  // namespace
}  // namespace weft::actors
