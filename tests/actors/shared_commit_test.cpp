// The hot path's shared commits (docs/architecture.md, "The hot path"): pure steps run before
// the events that start them are durable and share the next commit, while anything seen
// outside — an outside call, a subscriber's batch, an answer — still waits for the log.
#include <atomic>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::actors {
namespace {

using shared_commit_test = node_test;

bool subscribe(caf::scoped_actor& self, const caf::actor& hub, const std::string& topic) {
  bool ok = false;
  self->request(hub, std::chrono::seconds(5), hub_subscribe{"acme", topic}).receive([&](bool b) { ok = b; }, [](caf::error&) {});
  return ok;
}

// The batches the hub hands on for one execution, until its terminal event.
std::vector<std::vector<core::event>> batches_until_end(caf::scoped_actor& self) {
  std::vector<std::vector<core::event>> batches;
  for (bool done = false; !done;) {
    bool timed_out = false;
    self->receive(
        [&](append_events& batch) {
          batches.emplace_back();
          for (const auto& w : batch.events) {
            core::event e;
            EXPECT_TRUE(from_wire(w, e));
            done |= core::is_terminal(e.type);
            batches.back().push_back(std::move(e));
          }
        },
        caf::after(std::chrono::seconds(10)) >> [&] { timed_out = true; });
    if (timed_out) {
      ADD_FAILURE() << "no terminal event within 10 s";
      break;
    }
  }
  return batches;
}

json with_port(json def, std::size_t step, std::uint16_t port) {
  std::string url = def["steps"][step]["config"]["url"];
  url.replace(url.find("PORT"), 4, std::to_string(port));
  def["steps"][step]["config"]["url"] = url;
  return def;
}

// An outside service that answers ok and keeps what the log of `execution` held when the
// call arrived.
weft::testing::stub_server::handler log_at_call(node& n, const std::string& execution, std::vector<core::event>& at_call) {
  return [&n, execution, &at_call](const weft::testing::stub_request&) {
    at_call = n.events(execution);
    return weft::testing::stub_response{200, "application/json", R"({"ok": true})"};
  };
}

bool logged(const std::vector<core::event>& events, core::event_type type, const std::string& step) {
  for (const auto& e : events) {
    if (e.type == type && e.step_id == step) return true;
  }
  return false;
}

// A start whose caller waits for the end (start_execution.await_ms, the HTTP execute with
// wait_ms) is answered only then: its first events wait with the pure steps' and chain10 is
// one commit, published as one batch, with the same events in the same order.
TEST_F(shared_commit_test, a_start_that_waits_for_the_end_of_pure_steps_is_one_commit) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  ASSERT_TRUE(subscribe(self, n.hub, "execution:e1"));
  const json state = n.start_and_wait("e1", workload("chain10"), {{"n", 1}}, 10'000);
  EXPECT_EQ(state["status"], "completed") << state.dump();
  EXPECT_EQ(state["output"], json({{"n", 11}}));
  const auto batches = batches_until_end(self);
  ASSERT_EQ(batches.size(), 1u) << "two before: the start on its own, then the rest";
  EXPECT_EQ(batches[0].front().type, core::event_type::execution_created);
  EXPECT_EQ(batches[0].back().type, core::event_type::execution_completed);
  const std::vector<core::event> log = n.events("e1");
  ASSERT_EQ(log.size(), batches[0].size());
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].seq, i + 1);
}

// ... and one that reaches an outside call has its start and everything before the call on
// disk when the call is made.
TEST_F(shared_commit_test, a_waited_for_start_is_durable_before_its_first_outside_call) {
  node n(path());
  std::vector<core::event> at_call;
  weft::testing::stub_server api(log_at_call(n, "e1", at_call));
  const json def = with_port(json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "a"},
    {"id": "a", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "call"},
    {"id": "call", "type": "http", "config": {"url": "http://127.0.0.1:PORT/x"}}]})"),
                             2, api.port());
  const json state = n.start_and_wait("e1", def, {{"n", 1}}, 10'000);
  EXPECT_EQ(state["status"], "completed") << state.dump();
  ASSERT_FALSE(at_call.empty()) << "the call came before anything was in the log";
  EXPECT_EQ(at_call.front().type, core::event_type::execution_created);
  EXPECT_TRUE(logged(at_call, core::event_type::step_completed, "a"));
  EXPECT_TRUE(logged(at_call, core::event_type::step_started, "call"));
}

// chain10 took one commit per step transition (13) before: now its start, then everything.
TEST_F(shared_commit_test, a_run_of_pure_steps_is_one_commit_after_the_start) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  ASSERT_TRUE(subscribe(self, n.hub, "execution:e1"));
  ASSERT_EQ(n.start("e1", workload("chain10"), {{"n", 1}}), "e1");
  const auto batches = batches_until_end(self);
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[0].size(), 2u);
  EXPECT_EQ(batches[0][0].type, core::event_type::execution_created);
  EXPECT_EQ(batches[0][1].type, core::event_type::execution_started);
  EXPECT_EQ(batches[1].back().type, core::event_type::execution_completed);
  // In the log exactly as published: every event once, in order.
  const std::vector<core::event> log = n.events("e1");
  ASSERT_EQ(log.size(), batches[0].size() + batches[1].size());
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].seq, i + 1);
  EXPECT_EQ(n.await("e1")["output"], json({{"n", 11}}));
}

// An outside call is made only once the events before it — the pure steps that led to it
// and its own start — are on disk.
TEST_F(shared_commit_test, an_outside_call_waits_for_everything_before_it_to_be_durable) {
  node n(path());
  std::vector<core::event> at_call;
  weft::testing::stub_server api(log_at_call(n, "e1", at_call));
  const json def = with_port(json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "a"},
    {"id": "a", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "b"},
    {"id": "b", "type": "transform", "config": {"set": {"n": "$.a.n + 1"}}, "next": "call"},
    {"id": "call", "type": "http", "config": {"url": "http://127.0.0.1:PORT/x"}, "next": "c"},
    {"id": "c", "type": "transform", "config": {"set": {"n": "$.b.n + 1"}}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.c"}}]})"),
                             3, api.port());
  const json s = n.run("e1", def, {{"n", 1}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"n", 4}}));
  EXPECT_TRUE(logged(at_call, core::event_type::step_completed, "a"));
  EXPECT_TRUE(logged(at_call, core::event_type::step_completed, "b"));
  EXPECT_TRUE(logged(at_call, core::event_type::step_started, "call"));
  EXPECT_FALSE(logged(at_call, core::event_type::step_completed, "call"));
}

// While an outside call is in flight, the pure branch beside it is not held back: its
// progress reaches the log (and its subscribers) without waiting for the call.
TEST_F(shared_commit_test, pure_work_beside_an_outside_call_reaches_the_log_while_the_call_runs) {
  node n(path());
  std::atomic<bool> pure_branch_logged{false};
  weft::testing::stub_server api([&](const weft::testing::stub_request&) {
    pure_branch_logged = eventually([&] { return logged(n.events("e1"), core::event_type::step_completed, "p2"); });
    return weft::testing::stub_response{200, "application/json", R"({"ok": true})"};
  });
  const json def = with_port(json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": ["call", "p1"]},
    {"id": "call", "type": "http", "config": {"url": "http://127.0.0.1:PORT/slow"}, "next": "join"},
    {"id": "p1", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "p2"},
    {"id": "p2", "type": "transform", "config": {"set": {"n": "$.p1.n + 1"}}, "next": "join"},
    {"id": "join", "type": "join", "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.p2"}}]})"),
                             1, api.port());
  const json s = n.run("e1", def, {{"n", 1}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_TRUE(pure_branch_logged) << "the pure branch's completion was not in the log while the call ran";
}

}  // namespace
}  // namespace weft::actors
