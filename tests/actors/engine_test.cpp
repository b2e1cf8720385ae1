// The runtime end to end in one process: the engine, execution and step-run actors and the
// log writer over a real RocksDB. Workloads from bench/workloads, routing and skips, failures,
// retries with backoff, delays, timeouts, cancellation, and a restart that resumes.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "core/execution_state.hpp"
#include "storage/keys.hpp"
#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::actors {
namespace {

using nlohmann::json;

using engine_test = node_test;

TEST_F(engine_test, chain10_adds_ten) {
  node n(path());
  json s = n.run("e1", workload("chain10"), {{"n", 1}});
  EXPECT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"n", 11}}));
  EXPECT_EQ(s["progress"]["total_nodes"], 12);
  EXPECT_EQ(s["progress"]["completed_nodes"], 12);
  EXPECT_EQ(s["progress"]["percentage"], 100.0);
}

// An await whose time runs out just as its execution ends used to take the whole engine
// down: it asked the ending execution for its state with no error handler, and CAF's default
// for a failed request is to quit. Found by the console's browser tests (test runs with a
// 1 ms wait); here the timeouts are spread over the time a chain10 run takes.
TEST_F(engine_test, an_await_that_times_out_as_its_execution_ends_leaves_the_engine_running) {
  node n(path());
  const json chain = workload("chain10");
  for (int i = 0; i < 300; ++i) {
    const std::string id = "race-" + std::to_string(i);
    ASSERT_EQ(n.start(id, chain, {{"n", 1}}), id);
    const json state = n.await(id, 1 + i % 4);
    ASSERT_TRUE(state.is_object() && state.contains("status")) << "await " << i << ": " << state.dump();
  }
  const json after = n.run("after", chain, {{"n", 1}});
  EXPECT_EQ(after["status"], "completed") << "the engine still runs executions: " << after.dump();
}

TEST_F(engine_test, fanout8_joins_every_branch) {
  node n(path());
  json s = n.run("e1", workload("fanout8"), {{"n", 10}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  std::set<int> got;
  for (const auto& item : s["output"]["items"]) got.insert(item["n"].get<int>());
  EXPECT_EQ(got, (std::set<int>{11, 12, 13, 14, 15, 16, 17, 18}));
}

const json enrichment = json::parse(R"({"steps": [
  {"id": "input", "type": "input", "next": "enrich_data"},
  {"id": "enrich_data", "type": "transform", "config": {"set": {"success": "$.input.ok", "size": "'101-250'"}}, "next": "decision"},
  {"id": "decision", "type": "condition",
   "config": {"conditions": [{"condition": "$.enrich_data.success == true", "next": "output_success"}], "default": "output_failure"}},
  {"id": "output_success", "type": "output", "config": {"value": "$.enrich_data"}},
  {"id": "notify", "type": "log", "config": {"message": "failed for {{ $.input.ok }}"}},
  {"id": "output_failure", "type": "output", "config": {"value": "{ 'success': false }"}}],
  "edges": [{"from": "output_failure", "to": "notify"}]})");

TEST_F(engine_test, a_condition_routes_and_the_other_branch_is_skipped) {
  node n(path());
  json yes = n.run("yes", enrichment, {{"ok", true}});
  ASSERT_EQ(yes["status"], "completed") << yes.dump();
  EXPECT_EQ(yes["output"], json({{"success", true}, {"size", "101-250"}}));
  EXPECT_EQ(yes["steps"]["output_failure"]["status"], "skipped");
  EXPECT_EQ(yes["steps"]["notify"]["status"], "skipped");
  EXPECT_EQ(yes["progress"]["skipped_nodes"], 2);
  json no = n.run("no", enrichment, {{"ok", false}});
  EXPECT_EQ(no["output"], json({{"success", false}}));
  EXPECT_EQ(no["steps"]["output_success"]["status"], "skipped");
  EXPECT_EQ(no["steps"]["notify"]["status"], "completed");
}

TEST_F(engine_test, an_invalid_input_fails_the_execution) {
  json def = json::parse(R"({"input_schema": {"type": "object", "required": ["n"]}, "steps": [
    {"id": "input", "type": "input", "next": "out"}, {"id": "out", "type": "output", "config": {"value": "$.input"}}]})");
  node n(path());
  json s = n.run("e1", def, json::object());
  EXPECT_EQ(s["status"], "failed");
  EXPECT_EQ(s["error"]["code"], "invalid_input");
  EXPECT_EQ(s["error"]["step_id"], "input");
  EXPECT_EQ(s["progress"]["percentage"], 100.0);
}

TEST_F(engine_test, failures_retry_with_backoff_then_fail) {
  json def = json::parse(R"({"steps": [
    {"id": "t", "type": "transform", "config": {"set": {"x": "1 / $.input.zero"}},
     "retry": {"max_attempts": 3, "initial_interval_ms": 5, "backoff_coefficient": 2, "max_interval_ms": 50}}]})");
  node n(path());
  json s = n.run("e1", def, {{"zero", 0}});
  EXPECT_EQ(s["status"], "failed");
  EXPECT_EQ(s["steps"]["t"]["attempts"], 3);
  EXPECT_EQ(s["error"]["details"]["code"], "division_by_zero");
  // A retry is dated from its failure's record, and starts no sooner than it says.
  int retries = 0;
  std::int64_t due = 0;
  for (const auto& e : n.events("e1")) {
    if (e.type == core::event_type::step_failed && e.data.value("will_retry", false)) {
      ++retries;
      due = e.data["next_retry_at"].get<std::int64_t>();
      EXPECT_GT(due, e.at_ms);
    }
    if (e.type == core::event_type::step_started && e.attempt > 1) {
      EXPECT_GE(e.at_ms, due);
    }
  }
  EXPECT_EQ(retries, 2);
}

TEST_F(engine_test, only_listed_error_codes_are_retried) {
  json def = json::parse(R"({"steps": [
    {"id": "t", "type": "fail", "config": {"code": "bad_request"},
     "retry": {"max_attempts": 5, "initial_interval_ms": 1, "retry_on": ["timeout"]}}]})");
  node n(path());
  json s = n.run("e1", def, json::object());
  EXPECT_EQ(s["status"], "failed");
  EXPECT_EQ(s["steps"]["t"]["attempts"], 1);
}

TEST_F(engine_test, on_error_continue_and_route) {
  json def = json::parse(R"({"steps": [
    {"id": "a", "type": "fail", "on_error": "continue", "next": "b"},
    {"id": "b", "type": "fail", "on_error": "recover", "next": "never"},
    {"id": "never", "type": "output", "config": {"value": "'no'"}},
    {"id": "recover", "type": "output", "config": {"value": "'recovered'"}}]})");
  node n(path());
  json s = n.run("e1", def, json::object());
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], "recovered");
  EXPECT_EQ(s["steps"]["a"]["status"], "failed");
  EXPECT_EQ(s["steps"]["never"]["status"], "skipped");
  EXPECT_EQ(s["progress"]["failed_nodes"], 2);
}

TEST_F(engine_test, delays_wait_on_a_durable_timer) {
  node n(path());
  json s = n.run("e1", workload("sleepers"), {{"sleep_ms", 30}, {"n", 4}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"woke", true}, {"n", 4}}));
  bool started = false, fired = false;
  for (const auto& e : n.events("e1")) {
    started |= e.type == core::event_type::timer_started;
    fired |= e.type == core::event_type::timer_fired;
  }
  EXPECT_TRUE(started && fired);
}

TEST_F(engine_test, the_execution_times_out_as_a_whole) {
  json def = workload("sleepers");
  def["settings"] = {{"timeout_ms", 50}};
  node n(path());
  json s = n.run("e1", def, {{"sleep_ms", 60000}, {"n", 1}});
  EXPECT_EQ(s["status"], "timed_out");
  EXPECT_EQ(s["error"]["code"], "timeout");
}

TEST_F(engine_test, cancel_ends_a_waiting_execution) {
  node n(path());
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 60000}, {"n", 1}}), "e1");
  caf::scoped_actor self{*n.sys};
  bool cancelled = false;  // answered within the request's 5 s, not at the sleeper's 60 s
  self->request(n.engine, std::chrono::seconds(5), cancel_execution{"acme", "e1", "changed my mind"})
      .receive([&](bool ok) { cancelled = ok; }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
  EXPECT_TRUE(cancelled);
  json s = n.await("e1");
  EXPECT_EQ(s["status"], "cancelled");
  EXPECT_EQ(s["error"]["message"], "changed my mind");
}

const json approval = json::parse(R"({"steps": [
  {"id": "input", "type": "input", "next": "ask"},
  {"id": "ask", "type": "wait_for_signal", "config": {"name": "decision", "timeout_ms": 60000}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.ask.payload"}}]})");

bool signal(node& n, const std::string& id, const std::string& name, const json& payload) {
  caf::scoped_actor self{*n.sys};
  bool delivered = false;
  self->request(n.engine, std::chrono::seconds(5), signal_execution{"acme", id, name, payload.dump()})
      .receive([&](bool ok) { delivered = ok; }, [&](caf::error& err) { ADD_FAILURE() << n.sys->render(err); });
  return delivered;
}

TEST_F(engine_test, a_signal_resumes_a_waiting_step) {
  node n(path());
  ASSERT_EQ(n.start("e1", approval, json::object()), "e1");
  EXPECT_EQ(n.await("e1", 20)["steps"]["ask"]["status"], "waiting");
  EXPECT_TRUE(signal(n, "e1", "decision", {{"approved", true}}));
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"approved", true}}));
  EXPECT_FALSE(signal(n, "e1", "decision", json::object())) << "an ended execution takes no signal";
}

// Each await has its own deadline: a short one answering with the state so far leaves a
// longer one of the same execution waiting for the end.
TEST_F(engine_test, an_await_that_times_out_leaves_longer_awaits_of_the_same_execution_waiting) {
  node n(path());
  ASSERT_EQ(n.start("e1", approval, json::object()), "e1");
  caf::scoped_actor patient{*n.sys};
  auto long_wait = patient->request(n.engine, std::chrono::seconds(30), await_execution{"acme", "e1", 20'000});
  EXPECT_EQ(n.await("e1", 20)["steps"]["ask"]["status"], "waiting");
  EXPECT_TRUE(signal(n, "e1", "decision", {{"approved", true}}));
  json s;
  std::move(long_wait).receive([&](std::string& got) { s = json::parse(got); },
                               [&](caf::error& err) { ADD_FAILURE() << n.sys->render(err); });
  EXPECT_EQ(s["status"], "completed") << "the longer await was answered before the end: " << s.dump();
}

// start_execution with await_ms: one request answers with the execution's end (the HTTP
// execute-and-wait), with the state so far when the wait runs out first, and with the
// error when the execution does not start.
TEST_F(engine_test, a_start_with_a_wait_answers_with_the_end_the_state_so_far_or_the_refusal) {
  node n(path());
  const json done = n.start_and_wait("e1", workload("chain10"), {{"n", 1}}, 10'000);
  EXPECT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"], json({{"n", 11}}));

  const json waiting = n.start_and_wait("e2", approval, json::object(), 20);
  EXPECT_EQ(waiting["status"], "running") << waiting.dump();
  EXPECT_EQ(waiting["steps"]["ask"]["status"], "waiting");

  caf::error refused;
  n.start_and_wait("e3", json::parse(R"({"steps": "not a list"})"), json::object(), 10'000, &refused);
  EXPECT_EQ(engine_code(refused), engine_errc::invalid_definition) << n.sys->render(refused);
  EXPECT_EQ(n.run("e4", workload("chain10"), {{"n", 1}})["status"], "completed") << "the engine still runs";
}

TEST_F(engine_test, a_signal_that_comes_first_is_kept_for_the_step) {
  json def = approval;
  def["steps"][0]["next"] = "pause";
  def["steps"].push_back({{"id", "pause"}, {"type", "delay"}, {"config", {{"duration_ms", 50}}}, {"next", "ask"}});
  node n(path());
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  EXPECT_TRUE(signal(n, "e1", "decision", {{"approved", "early"}}));
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"approved", "early"}}));
}

TEST_F(engine_test, a_signal_timeout_uses_the_default_or_fails) {
  json def = approval;
  def["steps"][1]["config"] = {{"name", "decision"}, {"timeout_ms", 30}, {"default", {{"approved", false}}}};
  node n(path());
  json s = n.run("e1", def, json::object());
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"approved", false}}));
  def["steps"][1]["config"].erase("default");
  json failed = n.run("e2", def, json::object());
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["error"]["code"], "timeout");
}

TEST_F(engine_test, a_waiting_signal_step_survives_a_restart) {
  {
    node n(path());
    ASSERT_EQ(n.start("e1", approval, json::object()), "e1");
    EXPECT_EQ(n.await("e1", 20)["steps"]["ask"]["status"], "waiting");
  }
  node again(path());
  EXPECT_TRUE(signal(again, "e1", "decision", {{"approved", true}}));
  json s = again.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"approved", true}}));
}

TEST_F(engine_test, http_steps_retry_with_the_same_idempotency_key) {
  std::atomic<int> calls{0};
  weft::testing::stub_server crm([&](const weft::testing::stub_request&) {
    return ++calls < 3 ? weft::testing::stub_response{503, "application/json", R"({"busy": true})"}
                       : weft::testing::stub_response{200, "application/json", R"({"company": "Example", "size": 180})"};
  });
  json def = json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "lookup"},
    {"id": "lookup", "type": "http", "retry": {"max_attempts": 4, "initial_interval_ms": 5, "retry_on": ["http_5xx"]},
     "config": {"url": "http://127.0.0.1:PORT/crm/{{ $.input.domain }}"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.lookup.body"}}]})");
  std::string url = def["steps"][1]["config"]["url"];
  url.replace(url.find("PORT"), 4, std::to_string(crm.port()));
  def["steps"][1]["config"]["url"] = url;
  node n(path());
  json s = n.run("e1", def, {{"domain", "example.com"}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"company", "Example"}, {"size", 180}}));
  EXPECT_EQ(s["steps"]["lookup"]["attempts"], 3);
  auto seen = crm.requests();
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& r : seen) {
    EXPECT_EQ(r.target, "/crm/example.com");
    EXPECT_EQ(r.headers.at("idempotency-key"), "e1:lookup");
  }
}

TEST_F(engine_test, a_failing_http_step_can_route_to_a_fallback) {
  weft::testing::stub_server down([](const weft::testing::stub_request&) {
    return weft::testing::stub_response{500, "text/plain", "no"};
  });
  json def = json::parse(R"J({"steps": [
    {"id": "call", "type": "http", "on_error": "fallback", "next": "ok", "config": {"url": "http://127.0.0.1:PORT/"}},
    {"id": "ok", "type": "output", "config": {"value": "'ok'"}},
    {"id": "fallback", "type": "output", "config": {"value": "'fallback after ' + string($.call)"}}]})J");
  std::string url = def["steps"][0]["config"]["url"];
  url.replace(url.find("PORT"), 4, std::to_string(down.port()));
  def["steps"][0]["config"]["url"] = url;
  node n(path());
  json s = n.run("e1", def, json::object());
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], "fallback after ");
  EXPECT_EQ(s["steps"]["call"]["error"]["code"], "http_5xx");
  EXPECT_EQ(s["steps"]["ok"]["status"], "skipped");
}

TEST_F(engine_test, await_with_a_timeout_answers_with_the_state_so_far) {
  node n(path());
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 60000}, {"n", 1}}), "e1");
  json s = n.await("e1", 20);
  EXPECT_EQ(s["status"], "running");
  EXPECT_EQ(s["steps"]["wait"]["status"], "waiting");
}

TEST_F(engine_test, unknown_and_reused_execution_ids) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  bool failed = false;
  self->request(n.engine, std::chrono::seconds(5), query_execution{"acme", "ghost"})
      .receive([&](std::string&) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
  n.run("e1", workload("chain10"), {{"n", 1}});
  failed = false;
  self->request(n.engine, std::chrono::seconds(5), start_execution{"acme", "e1", "wf-1", 1, workload("chain10").dump(), "{}"})
      .receive([&](std::string&) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
  failed = false;
  self->request(n.engine, std::chrono::seconds(5), query_execution{"globex", "e1"})
      .receive([&](std::string&) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed) << "another tenant's execution must not be visible";
}

// A query of an execution without an actor folds its log. The engine hands that read to
// its reader, so a start asked right after many queries of a long history is not queued
// behind them: it runs and ends while most of them are still being read. (When the engine
// read the log itself, the start was answered only after every query before it.)
TEST_F(engine_test, queries_of_a_long_history_do_not_hold_up_a_start) {
  node n(path());
  const json chain = workload("chain10");
  std::vector<core::event> history;
  auto add = [&](core::event_type type, json data) {
    history.push_back({history.size() + 1, type, 1'000 + static_cast<std::int64_t>(history.size()), "", 0, std::move(data)});
  };
  add(core::event_type::execution_created,
      {{"workflow_id", "wf-1"}, {"workflow_version", 1}, {"input", json::object()}, {"total_steps", 12}, {"definition", chain}});
  add(core::event_type::execution_started, json::object());
  for (int i = 0; i < 20'000; ++i) add(core::event_type::log, {{"level", "info"}, {"message", "line " + std::to_string(i)}});
  add(core::event_type::execution_completed, {{"output", json::object()}});
  ASSERT_TRUE(n.log->append({{"acme", "long", history}}).is_ok());

  constexpr int queries = 60;
  std::atomic<int> answered{0};
  std::atomic<int> answered_when_ended{-1};
  std::atomic<bool> quick_completed{false};
  // One sender, so the engine's mailbox holds every query before the start.
  n.sys->spawn([&, engine = n.engine](caf::event_based_actor* self) {
    for (int i = 0; i < queries; ++i) {
      self->request(engine, caf::infinite, query_execution{"acme", "long"})
          .then([&](std::string& state) { answered += json::parse(state)["status"] == "completed"; },
                [&](caf::error&) { ADD_FAILURE() << "a query failed"; });
    }
    // Started and awaited in one request, its waiter in place before it can end: an await sent
    // after the start could find it ended and actor-less, and be answered by the reader — in
    // turn, behind the queries (CI's ASan run saw that once: 60 of 60 answered first).
    start_execution quick{"acme", "quick", "wf-1", 1, chain.dump(), R"({"n": 1})"};
    quick.await_ms = 60'000;
    self->request(engine, caf::infinite, std::move(quick))
        .then(
            [&](std::string& state) {
              answered_when_ended = answered.load();
              quick_completed = json::parse(state)["status"] == "completed";
            },
            [](caf::error&) { ADD_FAILURE() << "the start failed"; });
  });
  ASSERT_TRUE(eventually([&] { return answered == queries && answered_when_ended >= 0; }, std::chrono::seconds(60)))
      << answered << " of " << queries << " queries answered";
  EXPECT_TRUE(quick_completed);
  EXPECT_LT(answered_when_ended, queries / 2) << "the start waited behind the queries of the long history";
}

// An id is used once: a start under the id of an execution asleep in its log (no actor) is
// refused, and the sleeper is untouched — it still wakes, ends, and answers its await.
TEST_F(engine_test, a_start_under_the_id_of_a_sleeping_execution_is_refused) {
  node n(path(), {.passivate_after_ms = 50});
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 600}, {"n", 3}}), "e1");
  ASSERT_TRUE(eventually([&] { return n.sys->registry().running() == idle; })) << "it never passivated";
  caf::scoped_actor self{*n.sys};
  engine_errc refused = engine_errc::none;
  self->request(n.engine, std::chrono::seconds(5), start_execution{"acme", "e1", "wf-1", 1, workload("chain10").dump(), "{}"})
      .receive([&](std::string& status) { ADD_FAILURE() << "started again: " << status; },
               [&](caf::error& err) { refused = engine_code(err); });
  EXPECT_EQ(refused, engine_errc::already_exists);
  const json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"woke", true}, {"n", 3}}));
  const auto events = n.events("e1");
  EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const core::event& e) { return e.type == core::event_type::execution_created; }), 1);
}

TEST_F(engine_test, a_restarted_node_resumes_what_was_running) {
  {
    node n(path());
    ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 300}, {"n", 7}}), "e1");
    json s = n.await("e1", 20);
    ASSERT_EQ(s["steps"]["wait"]["status"], "waiting");
  }  // the node goes away with the execution waiting on its timer
  node again(path());
  json s = again.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"woke", true}, {"n", 7}}));
  std::map<std::string, int> completed;
  std::uint64_t seq = 0;
  for (const auto& e : again.events("e1")) {
    EXPECT_EQ(e.seq, ++seq) << "seqs must stay contiguous across the restart";
    if (e.type == core::event_type::step_completed) ++completed[e.step_id];
  }
  for (const auto& [step, count] : completed) EXPECT_EQ(count, 1) << step << " completed more than once";
  EXPECT_EQ(completed.size(), 3u);
}

TEST_F(engine_test, progress_only_rises_through_the_log) {
  node n(path());
  n.run("e1", enrichment, {{"ok", false}});
  core::execution_state st;
  double last = 0;
  for (const auto& e : n.events("e1")) {
    st = core::apply(std::move(st), e);
    EXPECT_GE(st.progress.fraction(), last);
    last = st.progress.fraction();
  }
  EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST_F(engine_test, many_executions_at_once) {
  node n(path());
  const json def = workload("chain10");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(n.start("m" + std::to_string(i), def, {{"n", i}}), "m" + std::to_string(i));
  for (int i = 0; i < 100; ++i) {
    json s = n.await("m" + std::to_string(i));
    ASSERT_EQ(s["status"], "completed");
    EXPECT_EQ(s["output"]["n"], i + 10);
  }
}


TEST_F(engine_test, step_type_aliases_run_as_their_canonical_type) {
  const json def = json::parse(R"({"steps": [
    {"id": "start", "type": "manualTrigger", "next": ["a", "b"]},
    {"id": "a", "type": "set", "config": {"set": {"x": "1"}}, "next": "m"},
    {"id": "b", "type": "addField", "config": {"set": {"y": "2"}}, "next": "m"},
    {"id": "m", "type": "merge", "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.m"}}]})");
  node n(path());
  json s = n.run("e1", def, json::object());
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["steps"]["m"]["status"], "completed");
  EXPECT_EQ(s["output"], json({{"x", 1}, {"y", 2}})) << "join merges its inputs";
}


// The supervisor abandons an attempt at the step's timeout_ms even when the step itself
// would wait longer (here the answer comes after 30 s, the HTTP client's timeout is 60 s),
// and retries it: the run ends well inside await's 10 s.
TEST_F(engine_test, an_attempt_that_outlives_its_timeout_is_abandoned_and_retried) {
  weft::testing::stub_server slow([](const weft::testing::stub_request&) {
    return weft::testing::stub_response{200, "application/json", "{}", 30'000};
  });
  json def = json::parse(R"({"steps": [
    {"id": "call", "type": "http", "timeout_ms": 100, "retry": {"max_attempts": 2, "initial_interval_ms": 10},
     "config": {"url": "http://127.0.0.1:PORT/", "timeout_ms": 60000}}]})");
  std::string url = def["steps"][0]["config"]["url"];
  url.replace(url.find("PORT"), 4, std::to_string(slow.port()));
  def["steps"][0]["config"]["url"] = url;
  node n(path());
  json s = n.run("e1", def, json::object());
  ASSERT_EQ(s["status"], "failed") << s.dump();
  EXPECT_EQ(s["error"]["code"], "timeout");
  EXPECT_EQ(s["error"]["message"], "the attempt took longer than 100 ms") << "the supervisor's timeout, not the call's";
  EXPECT_EQ(s["steps"]["call"]["attempts"], 2);
  // Each attempt calls at most once (a slow instrumented build may abandon one before its
  // request is out), and neither was answered.
  EXPECT_LE(slow.requests().size(), 2u);
}

// The total timeout counts from the start, across a restart.
TEST_F(engine_test, the_total_timeout_still_holds_after_a_restart) {
  json def = workload("sleepers");
  def["settings"] = {{"timeout_ms", 300}};
  {
    node n(path());
    ASSERT_EQ(n.start("e1", def, {{"sleep_ms", 60000}, {"n", 1}}), "e1");
  }
  node n(path());
  json s = n.await("e1");
  EXPECT_EQ(s["status"], "timed_out") << s.dump();
}


// The data steps chained in a real execution: CSV in, a column split, totals per group.
TEST_F(engine_test, csv_rows_are_split_and_aggregated_in_one_run) {
  const json def = json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "parse"},
    {"id": "parse", "type": "csvInput", "config": {"csv": "{{ $.input.csv }}", "types": {"amount": "number"}}, "next": "split"},
    {"id": "split", "type": "splitColumns", "config": {"column": "place", "delimiter": "/", "into": ["country", "city"]}, "next": "totals"},
    {"id": "totals", "type": "aggregate", "config": {"items": "$.split.items", "operation": "sum", "field": "amount", "group_by": "country"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.totals.groups"}}]})");
  node n(path());
  json s = n.run("csv", def, {{"csv", "place,amount\nFR/Paris,10\nDE/Berlin,4\nFR/Lyon,2.5\n"}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json::parse(R"([{"key": "FR", "value": 12.5, "count": 2}, {"key": "DE", "value": 4, "count": 1}])"));
}


// A step that fails with on_error "fail" ends its execution as failed, whatever the other
// branches do meanwhile: the failure and the end it causes are one commit, so no branch
// finishing in between can record the run as completed.
TEST_F(engine_test, a_failure_that_fails_the_execution_is_never_recorded_as_completed) {
  json steps = json::array({{{"id", "input"}, {"type", "input"}, {"next", {"boom", "a", "b", "c"}}},
                            {{"id", "boom"}, {"type", "fail"}, {"config", {{"code", "broken"}}}}});
  for (const char* id : {"a", "b", "c"}) {
    steps.push_back({{"id", id}, {"type", "transform"}, {"config", {{"set", {{"n", "$.input.n"}}}}}});
  }
  const json def = {{"steps", steps}};
  node n(path());
  constexpr int runs = 300;
  for (int i = 0; i < runs; ++i) ASSERT_EQ(n.start("e" + std::to_string(i), def, {{"n", i}}), "e" + std::to_string(i));
  int completed = 0;
  for (int i = 0; i < runs; ++i) {
    const std::string id = "e" + std::to_string(i);
    json s = n.await(id);
    completed += s["status"] == "completed";
    EXPECT_EQ(s["status"], "failed") << id << ": " << s.dump();
    const auto events = n.events(id);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().type, core::event_type::execution_failed) << id;
  }
  EXPECT_EQ(completed, 0) << "of " << runs << " runs whose step failed";
}


// A query answers with what is on disk: never a step output or status that a crash could
// still take back. Every answer's last_seq is at most the log's at the moment it arrives
// (fsync on: commits take long enough for queries to land while they are in flight).
TEST_F(engine_test, a_query_answers_only_with_what_is_durable) {
  node n(path(), {}, storage::sync_mode::group);
  constexpr int runs = 20;
  for (int i = 0; i < runs; ++i) ASSERT_EQ(n.start("e" + std::to_string(i), workload("chain10"), {{"n", i}}), "e" + std::to_string(i));
  caf::scoped_actor self{*n.sys};
  int ahead = 0, answers = 0;
  for (bool all_done = false; !all_done;) {
    all_done = true;
    for (int i = 0; i < runs; ++i) {
      const std::string id = "e" + std::to_string(i);
      json state;
      self->request(n.engine, std::chrono::seconds(10), query_execution{"acme", id})
          .receive([&](std::string& text) { state = json::parse(text); }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
      std::uint64_t on_disk = 0;
      ASSERT_TRUE(n.log->last_seq("acme", id, on_disk).is_ok());
      ++answers;
      ahead += state["last_seq"].get<std::uint64_t>() > on_disk;
      all_done &= core::is_terminal_status(state.value("status", ""));
    }
  }
  EXPECT_EQ(ahead, 0) << "of " << answers << " answers showed events not yet on disk";
}


// An execution whose recorded definition is no workflow (written by an older build, or
// damaged) ends as failed at recovery, said plainly — instead of crashing every restart.
TEST_F(engine_test, a_running_execution_without_a_readable_definition_fails_at_recovery) {
  {
    node n(path());
    core::event created;
    created.seq = 1;
    created.type = core::event_type::execution_created;
    created.at_ms = 1'000;
    created.data = {{"workflow_id", "wf-1"}, {"workflow_version", 1}, {"input", json::object()}, {"total_steps", 2},
                    {"definition", {{"steps", "not a list"}}}};
    core::event started = created;
    started.seq = 2;
    started.type = core::event_type::execution_started;
    started.data = json::object();
    core::event running = started;
    running.seq = 3;
    running.type = core::event_type::step_started;
    running.step_id = "input";
    running.attempt = 1;
    ASSERT_TRUE(n.log->append({{"acme", "broken", {created, started, running}}}).is_ok());
  }
  node n(path());
  json s = n.await("broken");
  ASSERT_EQ(s["status"], "failed") << s.dump();
  EXPECT_EQ(s["error"]["code"], "invalid_definition") << s.dump();
  EXPECT_EQ(n.run("after", workload("chain10"), {{"n", 0}})["status"], "completed") << "the node goes on serving";
}

// Logs of both forms resume: an execution_created written with its definition inline (before
// definitions were stored once, by digest) runs on from it; one naming a digest whose
// definition is not stored fails plainly, as an unreadable definition does.
TEST_F(engine_test, running_executions_resume_from_an_inline_definition_or_fail_without_theirs) {
  {
    node n(path());
    auto history = [](json definition_fields) {
      json data = {{"workflow_id", "wf-1"}, {"workflow_version", 1}, {"input", {{"n", 5}}}, {"total_steps", 12}};
      data.update(definition_fields);
      std::vector<core::event> events = {{1, core::event_type::execution_created, 1'000, "", 0, std::move(data)},
                                         {2, core::event_type::execution_started, 1'001, "", 0, json::object()}};
      return events;
    };
    ASSERT_TRUE(n.log->append({{"acme", "inline", history({{"definition", workload("chain10")}})},
                               {"acme", "named", history({{"definition_digest", std::string(64, 'f')}})}})
                    .is_ok());
  }
  node n(path());
  json inline_one = n.await("inline");
  ASSERT_EQ(inline_one["status"], "completed") << inline_one.dump();
  EXPECT_EQ(inline_one["output"]["n"], 15);
  json named = n.await("named");
  ASSERT_EQ(named["status"], "failed") << named.dump();
  EXPECT_EQ(named["error"]["code"], "invalid_definition") << named.dump();
}

// A step in flight each time the process stops is run again — but not forever: the third
// time the attempt is interrupted, the step fails with `interrupted` and on_error decides.
TEST_F(engine_test, an_attempt_interrupted_three_times_fails_instead_of_running_forever) {
  std::atomic<int> calls{0};
  weft::testing::stub_server remote([&calls](const weft::testing::stub_request&) {
    const int n = ++calls;
    return weft::testing::stub_response{200, "application/json", R"({"call": )" + std::to_string(n) + "}", n <= 3 ? 1'000 : 0};
  });
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
                      {{"id", "call"}, {"type", "http"}, {"on_error", "continue"}, {"next", "out"},
                       {"config", {{"url", "http://127.0.0.1:" + std::to_string(remote.port()) + "/"}}}},
                      {{"id", "out"}, {"type", "output"}, {"config", {{"value", "'went on'"}}}}}}};
  auto wait_for_calls = [&calls](int n) { return eventually([&] { return calls.load() >= n; }, std::chrono::seconds(10)); };
  {
    node n(path());
    ASSERT_EQ(n.start("e1", def, json::object()), "e1");
    ASSERT_TRUE(wait_for_calls(1));
  }  // the process stops while the call runs
  for (int restart = 2; restart <= 3; ++restart) {
    node n(path());
    ASSERT_TRUE(wait_for_calls(restart)) << "restart " << restart << " ran the attempt again";
  }
  node n(path());
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], "went on");
  EXPECT_EQ(s["steps"]["call"]["status"], "failed");
  EXPECT_EQ(s["steps"]["call"]["error"]["code"], "interrupted") << s.dump();
  EXPECT_EQ(calls.load(), 3) << "the attempt ran again after its third interruption";
}


// After a restart, the executions that were running resume no faster than max_active
// allows: their in-flight calls do not all fire at once.
TEST_F(engine_test, recovery_resumes_running_executions_within_max_active) {
  std::atomic<int> in_flight{0}, most{0}, calls{0};
  weft::testing::stub_server remote([&](const weft::testing::stub_request&) {
    ++calls;
    const int now = ++in_flight;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    --in_flight;
    return weft::testing::stub_response{200, "application/json", "{}", 0};
  });
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
                      {{"id", "call"}, {"type", "http"}, {"config", {{"url", "http://127.0.0.1:" + std::to_string(remote.port()) + "/"}}}}}}};
  constexpr int runs = 6;
  {
    node n(path());
    for (int i = 0; i < runs; ++i) ASSERT_EQ(n.start("e" + std::to_string(i), def, json::object()), "e" + std::to_string(i));
    ASSERT_TRUE(eventually([&] { return calls.load() >= runs; }, std::chrono::seconds(10)));
  }  // stopped with every call in flight (the stop closed their connections)
  ASSERT_TRUE(eventually([&] { return in_flight.load() == 0; }));
  most = 0;
  node n(path(), {.max_active = 2});
  for (int i = 0; i < runs; ++i) EXPECT_EQ(n.await("e" + std::to_string(i))["status"], "completed");
  EXPECT_EQ(calls.load(), 2 * runs) << "each call in flight at the stop runs again once";
  EXPECT_LE(most.load(), 2) << "resumed executions ran beyond max_active";
}


// An execution whose log cannot be read at recovery is not left behind: the engine says so
// and tries again, and once the log reads again (here: the damaged record rewritten) the
// execution resumes and finishes.
TEST_F(engine_test, an_execution_whose_log_cannot_be_read_is_retried_not_dropped) {
  std::string damaged_key, original;  // the stored value that holds seq 2, and what it held
  {
    node n(path());
    ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 200}, {"n", 3}}), "e1");
    ASSERT_EQ(n.await("e1", 20)["steps"]["wait"]["status"], "waiting");
    const std::string prefix = storage::keys::children_prefix("acme", "e1");
    ASSERT_TRUE(n.db->scan(storage::family::events, storage::keys::child("acme", "e1", 2), storage::keys::prefix_end(prefix),
                           [&](std::string_view key, std::string_view value) {
                             damaged_key = key;
                             original = value;
                             return false;
                           }).is_ok());
    ASSERT_FALSE(damaged_key.empty());
    storage::write_batch damage = n.db->new_batch();
    damage.put(storage::family::events, damaged_key, "not an event");
    ASSERT_TRUE(n.db->write(damage).is_ok());
  }
  std::mutex m;
  std::vector<std::string> warnings;
  engine_options options;
  options.retry_ms = 20;
  options.warn = [&](const std::string& message) {
    std::lock_guard lock(m);
    warnings.push_back(message);
  };
  node n(path(), options);
  auto warned = [&] {
    std::lock_guard lock(m);
    return warnings.size();
  };
  ASSERT_TRUE(eventually([&] { return warned() >= 2; })) << "tried once at recovery, then again";
  {
    std::lock_guard lock(m);
    EXPECT_NE(warnings.front().find("e1"), std::string::npos) << warnings.front();
  }
  storage::write_batch repair = n.db->new_batch();
  repair.put(storage::family::events, damaged_key, original);  // the record reads again
  ASSERT_TRUE(n.db->write(repair).is_ok());
  json s = n.await("e1");
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["output"], json({{"woke", true}, {"n", 3}}));
}


// A loop retried after an item failed runs its items again as new executions — but each
// item's outside call keeps its Idempotency-Key, so a remote that did the work once is not
// asked under a new key (SPEC §5: one key per logical call, across every retry above it).
TEST_F(engine_test, a_retried_loop_keeps_each_items_idempotency_key) {
  std::mutex m;
  std::map<std::string, std::set<std::string>> keys_by_item;  // item -> keys seen
  std::atomic<int> calls{0};
  weft::testing::stub_server remote([&](const weft::testing::stub_request& r) {
    const std::string item = r.target.substr(r.target.rfind('/') + 1);
    {
      std::lock_guard lock(m);
      keys_by_item[item].insert(r.headers.at("idempotency-key"));
    }
    // Item 2 fails the first time it is asked: the loop fails and is retried.
    const bool fail = ++calls <= 3 && item == "2";
    return weft::testing::stub_response{fail ? 500 : 200, "application/json", R"({"item": )" + item + "}", 0};
  });
  const json def = {{"steps",
                     {{{"id", "each"}, {"type", "loop"}, {"config", {{"items", "$.input.ids"}, {"body", "fetch"}, {"concurrency", 1}}},
                       {"retry", {{"max_attempts", 2}, {"initial_interval_ms", 1}}}, {"next", "out"}},
                      {{"id", "fetch"}, {"type", "http"},
                       {"config", {{"url", "http://127.0.0.1:" + std::to_string(remote.port()) + "/items/{{ $.item }}"}}},
                       {"next", "each"}},
                      {{"id", "out"}, {"type", "output"}, {"config", {{"value", "'done'"}}}}}}};
  node n(path());
  json s = n.run("e1", def, {{"ids", {1, 2, 3}}});
  ASSERT_EQ(s["status"], "completed") << s.dump();
  EXPECT_EQ(s["steps"]["each"]["attempts"], 2) << "the loop was retried";
  std::lock_guard lock(m);
  std::set<std::string> all;
  for (const auto& [item, keys] : keys_by_item) {
    EXPECT_EQ(keys.size(), 1u) << "item " << item << " was called under " << keys.size() << " keys";
    all.insert(keys.begin(), keys.end());
  }
  EXPECT_EQ(all.size(), 3u) << "each item has a key of its own";
}


// A cancel stops an http call in flight: its connection is closed and its thread is free at
// once, instead of the call running on after execution_cancelled is durable.
TEST_F(engine_test, a_cancel_closes_the_connection_of_an_http_call_in_flight) {
  std::atomic<int> calls{0};
  weft::testing::stub_server slow([&calls](const weft::testing::stub_request&) {
    ++calls;
    return weft::testing::stub_response{200, "application/json", "{}", 3'000};
  });
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
                      {{"id", "call"}, {"type", "http"}, {"config", {{"url", "http://127.0.0.1:" + std::to_string(slow.port()) + "/"}}}}}}};
  node n(path());
  caf::scoped_actor self{*n.sys};
  const std::size_t idle = n.sys->registry().running();
  ASSERT_EQ(n.start("e1", def, json::object()), "e1");
  ASSERT_TRUE(eventually([&] { return calls.load() == 1; }));
  bool cancelled = false;
  self->request(n.engine, std::chrono::seconds(5), cancel_execution{"acme", "e1", "no longer needed"})
      .receive([&](bool ok) { cancelled = ok; }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
  ASSERT_TRUE(cancelled);
  // The call answers after 3 s: freed well before that, or not at all.
  EXPECT_TRUE(eventually([&] { return n.sys->registry().running() == idle; }, std::chrono::milliseconds(1'500)))
      << "the cancelled call still holds its thread";
  EXPECT_EQ(n.await("e1")["status"], "cancelled");
}

}  // namespace
}  // namespace weft::actors

namespace weft::actors {
namespace {

// This process's threads, leaving out the stub servers'.
int own_threads() {
  int n = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (name != weft::testing::stub_thread_name) ++n;
  }
  return n;
}

// Http attempts in flight hold a socket each, not a thread: before, each took a detached
// thread of its own and a resolver thread (forty calls waiting on a slow server added
// eighty threads).
TEST_F(engine_test, http_calls_in_flight_take_no_thread_each) {
  constexpr int runs = 40;
  std::atomic<int> calls{0};
  weft::testing::stub_server slow([&calls](const weft::testing::stub_request&) {
    ++calls;
    return weft::testing::stub_response{200, "application/json", R"({"ok": true})", 1'500};
  });
  const json def = {{"steps",
                     {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
                      {{"id", "call"}, {"type", "http"}, {"config", {{"url", "http://localhost:" + std::to_string(slow.port()) + "/"}}}, {"next", "out"}},
                      {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.call.body"}}}}}}};
  node n(path());
  ASSERT_EQ(n.start("warm", def, json::object()), "warm");  // the shared client's threads start with the first call
  ASSERT_EQ(n.await("warm")["status"], "completed");
  const int before = own_threads();
  for (int i = 0; i < runs; ++i) ASSERT_EQ(n.start("e" + std::to_string(i), def, json::object()), "e" + std::to_string(i));
  ASSERT_TRUE(eventually([&] { return calls.load() == runs + 1; }));
  const int during = own_threads();
  EXPECT_LE(during - before, 2) << "threads while " << runs << " calls wait: " << during << ", before: " << before;
  for (int i = 0; i < runs; ++i) {
    const json done = n.await("e" + std::to_string(i));
    EXPECT_EQ(done["status"], "completed");
    EXPECT_EQ(done["output"], json({{"ok", true}})) << done.dump();
  }
}

}  // namespace
}  // namespace weft::actors
