// The reducer: every event type, retries, skips, terminal settling, duplicates, replay.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/execution_snapshot.hpp"
#include "core/execution_state.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

// Builds the history of an execution one event at a time, with consecutive seqs.
class history {
 public:
  history& add(event_type type, std::string step = "", json data = json::object(), std::uint32_t attempt = 0) {
    event e;
    e.seq = events_.size() + 1;
    e.type = type;
    e.at_ms = 1'000'000 + static_cast<std::int64_t>(events_.size()) * 10;
    e.step_id = std::move(step);
    e.attempt = attempt;
    e.data = std::move(data);
    events_.push_back(std::move(e));
    return *this;
  }
  const std::vector<event>& events() const { return events_; }

 private:
  std::vector<event> events_;
};

history created(std::uint32_t total) {
  history h;
  h.add(event_type::execution_created, "", {{"workflow_id", "wf-1"}, {"workflow_version", 3}, {"input", {{"n", 1}}},
                                            {"total_steps", total}});
  return h;
}

TEST(execution_state, a_new_execution_is_pending_with_its_input) {
  auto s = replay(created(4).events());
  EXPECT_EQ(s.status, execution_status::pending);
  EXPECT_EQ(s.workflow_id, "wf-1");
  EXPECT_EQ(s.workflow_version, 3);
  EXPECT_EQ(s.input, json({{"n", 1}}));
  EXPECT_EQ(s.progress.total, 4u);
  EXPECT_DOUBLE_EQ(s.progress.fraction(), 0.0);
  EXPECT_EQ(s.last_seq, 1u);
}

TEST(execution_state, steps_move_through_their_statuses) {
  auto h = created(2);
  h.add(event_type::execution_started)
      .add(event_type::step_scheduled, "a")
      .add(event_type::step_started, "a", json::object(), 1);
  auto s = replay(h.events());
  EXPECT_EQ(s.status, execution_status::running);
  EXPECT_EQ(s.steps.at("a").status, step_status::running);
  EXPECT_EQ(s.steps.at("a").attempts, 1u);
  EXPECT_EQ(s.current_step, "a");
  h.add(event_type::step_completed, "a", {{"output", {{"v", 1}}}, {"duration_ms", 12}}, 1);
  s = replay(h.events());
  EXPECT_EQ(s.steps.at("a").status, step_status::completed);
  EXPECT_EQ(s.steps.at("a").output, json({{"v", 1}}));
  EXPECT_EQ(s.steps.at("a").duration_ms, 12);
  EXPECT_EQ(s.steps.at("a").taken, std::vector<std::string>{"out"});
  EXPECT_DOUBLE_EQ(s.progress.fraction(), 0.5);
}

TEST(execution_state, retries_count_attempts_and_do_not_settle_the_step) {
  auto h = created(1);
  h.add(event_type::execution_started)
      .add(event_type::step_started, "call", json::object(), 1)
      .add(event_type::step_failed, "call",
           {{"error", {{"code", "timeout"}}}, {"will_retry", true}, {"next_retry_at", 2'000'000}}, 1);
  auto s = replay(h.events());
  EXPECT_EQ(s.steps.at("call").status, step_status::retrying);
  EXPECT_EQ(s.steps.at("call").next_retry_at, 2'000'000);
  EXPECT_EQ(s.progress.failed, 0u);
  h.add(event_type::step_started, "call", json::object(), 2)
      .add(event_type::step_failed, "call", {{"error", {{"code", "http_500"}}}, {"will_retry", false}}, 2);
  s = replay(h.events());
  EXPECT_EQ(s.steps.at("call").status, step_status::failed);
  EXPECT_EQ(s.steps.at("call").attempts, 2u);
  EXPECT_EQ(s.steps.at("call").error["code"], "http_500");
  EXPECT_TRUE(s.steps.at("call").taken.empty());
  EXPECT_EQ(s.progress.failed, 1u);
}

TEST(execution_state, a_failure_routed_by_on_error_records_its_handle) {
  auto h = created(1);
  h.add(event_type::step_failed, "call", {{"error", {{"code", "x"}}}, {"handles", {"error"}}}, 1);
  auto s = replay(h.events());
  EXPECT_EQ(s.steps.at("call").taken, std::vector<std::string>{"error"});
}

TEST(execution_state, timers_and_signals_wait_and_resume) {
  auto h = created(2);
  h.add(event_type::execution_started)
      .add(event_type::step_started, "wait", json::object(), 1)
      .add(event_type::timer_started, "wait", {{"due_at", 5'000'000}});
  auto s = replay(h.events());
  EXPECT_EQ(s.steps.at("wait").status, step_status::waiting);
  EXPECT_EQ(s.steps.at("wait").timer_due_at, 5'000'000);
  EXPECT_EQ(s.status, execution_status::running);
  h.add(event_type::timer_fired, "wait");
  EXPECT_EQ(replay(h.events()).steps.at("wait").status, step_status::running);

  auto g = created(1);
  g.add(event_type::step_started, "approve", json::object(), 1)
      .add(event_type::timer_started, "approve", {{"due_at", 9}})
      .add(event_type::signal_received, "approve", {{"name", "approve"}, {"payload", {{"ok", true}}}});
  EXPECT_EQ(replay(g.events()).steps.at("approve").status, step_status::running);
}

// A step that waits (a signal, a timer) is as long as its wait: with no measured attempt
// time in its completion, its duration is from its start to its end (before: 0).
TEST(execution_state, a_step_that_waited_lasts_from_its_start_to_its_end) {
  auto h = created(1);
  h.add(event_type::step_started, "approve", {{"waits_for", "signal"}}, 1)
      .add(event_type::signal_received, "", {{"name", "approve"}})
      .add(event_type::step_completed, "approve", {{"output", {{"ok", true}}}}, 1);
  const auto s = replay(h.events());
  EXPECT_EQ(s.steps.at("approve").duration_ms, s.steps.at("approve").finished_at - s.steps.at("approve").started_at);
  EXPECT_EQ(s.steps.at("approve").duration_ms, 20);

  auto g = created(1);
  g.add(event_type::step_started, "work", json::object(), 1).add(event_type::step_completed, "work", {{"duration_ms", 3}}, 1);
  EXPECT_EQ(replay(g.events()).steps.at("work").duration_ms, 3) << "a measured attempt keeps its own time";
}

TEST(execution_state, condition_routes_and_skips_reach_full_progress) {
  auto h = created(4);
  h.add(event_type::execution_started)
      .add(event_type::step_completed, "in", {{"output", 1}})
      .add(event_type::step_completed, "decide", {{"output", {{"route", "case_0"}}}, {"handles", {"case_0"}}})
      .add(event_type::step_skipped, "other")
      .add(event_type::step_completed, "out", {{"output", 2}})
      .add(event_type::execution_completed, "", {{"output", {{"result", 2}}}});
  auto s = replay(h.events());
  EXPECT_EQ(s.status, execution_status::completed);
  EXPECT_EQ(s.output, json({{"result", 2}}));
  EXPECT_EQ(s.steps.at("decide").taken, std::vector<std::string>{"case_0"});
  EXPECT_EQ(s.progress.completed, 3u);
  EXPECT_EQ(s.progress.skipped, 1u);
  EXPECT_DOUBLE_EQ(s.progress.fraction(), 1.0);
  EXPECT_GT(s.finished_at, s.started_at);
}

TEST(execution_state, progress_only_rises) {
  auto h = created(5);
  h.add(event_type::execution_started);
  for (const char* id : {"a", "b", "c"}) {
    h.add(event_type::step_scheduled, id).add(event_type::step_started, id, json::object(), 1);
    h.add(event_type::step_failed, id, {{"will_retry", true}}, 1);
    h.add(event_type::step_started, id, json::object(), 2).add(event_type::step_completed, id, {{"output", 0}}, 2);
  }
  h.add(event_type::step_skipped, "d").add(event_type::execution_failed, "", {{"error", {{"code", "boom"}}}});
  execution_state s;
  double last = 0.0;
  for (const auto& e : h.events()) {
    s = apply(std::move(s), e);
    EXPECT_GE(s.progress.fraction(), last) << to_string(e.type);
    last = s.progress.fraction();
  }
  EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(execution_state, ending_early_settles_every_step_that_did_not_finish) {
  auto h = created(4);
  h.add(event_type::execution_started)
      .add(event_type::step_completed, "a", {{"output", 1}})
      .add(event_type::step_started, "b", json::object(), 1)
      .add(event_type::execution_cancelled, "", {{"reason", "user asked"}});
  auto s = replay(h.events());
  EXPECT_EQ(s.status, execution_status::cancelled);
  EXPECT_EQ(s.error["code"], "cancelled");
  EXPECT_EQ(s.error["message"], "user asked");
  EXPECT_EQ(s.steps.at("b").status, step_status::skipped);
  EXPECT_EQ(s.progress.completed, 1u);
  EXPECT_EQ(s.progress.skipped, 3u);
  EXPECT_DOUBLE_EQ(s.progress.fraction(), 1.0);
}

TEST(execution_state, timing_out_maps_to_a_timeout_error) {
  auto h = created(1);
  h.add(event_type::execution_started).add(event_type::execution_timed_out, "", {{"timeout_ms", 300000}});
  auto s = replay(h.events());
  EXPECT_EQ(s.status, execution_status::timed_out);
  EXPECT_EQ(s.error["code"], "timeout");
  EXPECT_TRUE(is_terminal(s.status));
}

TEST(execution_state, duplicate_and_late_events_change_nothing) {
  auto h = created(2);
  h.add(event_type::execution_started).add(event_type::step_completed, "a", {{"output", 1}});
  auto s = replay(h.events());
  auto again = apply(s, h.events()[2]);  // redelivered
  EXPECT_EQ(to_json(again), to_json(s));
  h.add(event_type::execution_completed, "", {{"output", 1}});
  s = replay(h.events());
  event late;
  late.seq = 99;
  late.type = event_type::step_completed;
  late.step_id = "b";
  late.data = {{"output", 2}};
  auto after = apply(s, late);
  EXPECT_EQ(after.steps.count("b"), 0u);
  EXPECT_EQ(after.status, execution_status::completed);
  event log_line;
  log_line.seq = 100;
  log_line.type = event_type::log;
  log_line.data = {{"message", "bye"}};
  EXPECT_EQ(apply(after, log_line).last_seq, 100u);
}

TEST(execution_state, replay_is_deterministic) {
  auto h = created(3);
  h.add(event_type::execution_started)
      .add(event_type::step_completed, "a", {{"output", {1, 2}}})
      .add(event_type::step_failed, "b", {{"error", {{"code", "x"}}}, {"handles", {"error"}}})
      .add(event_type::step_completed, "c", {{"output", nullptr}})
      .add(event_type::execution_completed, "", {{"output", {{"ok", true}}}});
  EXPECT_EQ(to_json(replay(h.events())), to_json(replay(h.events())));
}

TEST(execution_state, malformed_event_data_is_tolerated) {
  auto h = created(2);
  h.add(event_type::step_completed, "a", {{"duration_ms", "slow"}, {"handles", "out"}});
  auto s = replay(h.events());
  EXPECT_EQ(s.steps.at("a").duration_ms, 0);
  EXPECT_EQ(s.steps.at("a").taken, std::vector<std::string>{"out"});
}

TEST(execution_state, summary_json_has_the_fields_clients_read) {
  auto h = created(2);
  h.add(event_type::execution_started).add(event_type::step_completed, "a", {{"output", 1}}, 1);
  json j = to_json(replay(h.events()));
  EXPECT_EQ(j["status"], "running");
  EXPECT_EQ(j["progress"], json::parse(R"({"total_nodes": 2, "completed_nodes": 1, "failed_nodes": 0,
                                           "skipped_nodes": 0, "percentage": 50.0})"));
  EXPECT_TRUE(j["finished_at"].is_null());
  EXPECT_TRUE(j["started_at"].is_string());
  EXPECT_EQ(j["steps"]["a"]["status"], "completed");
}

// state_text is written without building to_json's tree; it must be that tree's dump()
// with the id, byte for byte, at every point of a run: after every event of histories that
// retry, fail, route, skip, cancel and carry odd outputs, ids and times.
TEST(execution_state, the_state_text_is_to_jsons_dump_with_the_id_after_every_event) {
  std::vector<history> runs;
  {
    history h;
    h.add(event_type::execution_created, "",
          {{"workflow_id", "wf \"quoted\" é"}, {"workflow_version", 12}, {"input", {{"n", 1}, {"s", "ü\n"}}},
           {"total_steps", 6}, {"parent", {{"execution_id", "ex_parent"}, {"step_id", "loop"}, {"depth", 1}}}});
    h.add(event_type::execution_started)
        .add(event_type::step_scheduled, "b-2")
        .add(event_type::step_started, "b-2", json::object(), 1)
        .add(event_type::step_failed, "b-2", {{"error", {{"code", "timeout"}}}, {"will_retry", true}, {"next_retry_at", 2'000'000}}, 1)
        .add(event_type::step_started, "b-2", json::object(), 2)
        .add(event_type::step_completed, "b-2", {{"output", {{"v", 1.5}, {"list", {1, "two", nullptr}}}}, {"duration_ms", 7}}, 2)
        .add(event_type::step_completed, "A", {{"output", "中文"}})
        .add(event_type::step_failed, "err", {{"error", {{"code", "x"}, {"message", "tab\t"}}}, {"handles", {"error"}}})
        .add(event_type::step_skipped, "skip")
        .add(event_type::step_started, "wait", json::object(), 1)
        .add(event_type::timer_started, "wait", {{"due_at", 5'000'000}})
        .add(event_type::timer_fired, "wait")
        .add(event_type::step_completed, "wait", {{"output", nullptr}})
        .add(event_type::execution_completed, "", {{"output", {{"result", {{"deep", json::array()}}}}}});
    runs.push_back(h);
  }
  {
    auto h = created(3);
    h.add(event_type::execution_started)
        .add(event_type::step_started, "b", json::object(), 1)
        .add(event_type::execution_cancelled, "", {{"reason", "user asked"}});
    runs.push_back(h);
  }
  {
    auto h = created(0);
    h.add(event_type::execution_started).add(event_type::execution_timed_out, "", {{"timeout_ms", 300000}});
    runs.push_back(h);
  }
  for (const history& run : runs) {
    execution_state s;
    for (const event& e : run.events()) {
      s = apply(std::move(s), e);
      json expected = to_json(s);
      expected["execution_id"] = "ex_0123456789abcdef";
      ASSERT_EQ(state_text(s, "ex_0123456789abcdef"), expected.dump()) << "after seq " << e.seq;
    }
  }
  execution_state fresh;  // before any event: no times, nothing but defaults
  json expected = to_json(fresh);
  expected["execution_id"] = "";
  EXPECT_EQ(state_text(fresh, ""), expected.dump());
}

TEST(execution_state, flows_follow_step_statuses) {
  workflow wf = parse_workflow(json::parse(R"({"steps": [
    {"id": "a", "type": "log", "next": "b"}, {"id": "b", "type": "log", "next": "c"},
    {"id": "c", "type": "log"}, {"id": "d", "type": "log"}]})"));
  graph g(wf);
  auto h = created(4);
  h.add(event_type::step_completed, "a", {{"output", 1}})
      .add(event_type::step_started, "b", json::object(), 1)
      .add(event_type::step_skipped, "d");
  const auto state = replay(h.events());
  auto flows = flows_of(state, g);
  EXPECT_EQ(flows[0].state, flow_state::settled);
  ASSERT_NE(flows[0].taken, nullptr);
  EXPECT_EQ(*flows[0].taken, std::vector<std::string>{"out"});
  EXPECT_EQ(flows[1].state, flow_state::active);
  EXPECT_EQ(flows[2].state, flow_state::waiting);
  EXPECT_EQ(flows[3].state, flow_state::skipped);
}

}  // namespace
}  // namespace weft::core

namespace weft::core {
namespace {

// A history with every kind of step state: completed, retrying, waiting, skipped.
history rich_history() {
  auto h = created(4);
  h.add(event_type::execution_started)
      .add(event_type::step_scheduled, "a")
      .add(event_type::step_started, "a", json::object(), 1)
      .add(event_type::step_completed, "a", {{"output", {{"v", 1}}}, {"duration_ms", 3}, {"handles", {"out"}}}, 1)
      .add(event_type::step_started, "call", json::object(), 1)
      .add(event_type::step_failed, "call", {{"error", {{"code", "http_5xx"}}}, {"will_retry", true}, {"next_retry_at", 5'000'000}}, 1)
      .add(event_type::step_started, "wait", json::object(), 1)
      .add(event_type::timer_started, "wait", {{"due_at", 9'000'000}}, 1)
      .add(event_type::step_skipped, "never");
  return h;
}

TEST(execution_snapshot, restores_exactly_what_it_took_and_folds_on_alike) {
  const auto events = rich_history().events();
  const execution_state original = replay(events);
  execution_state restored;
  ASSERT_TRUE(restore(snapshot_of(original, {{"kept", true}}), restored));
  EXPECT_EQ(to_json(restored), to_json(original));
  EXPECT_EQ(restored.steps.at("call").next_retry_at, 5'000'000);
  EXPECT_EQ(restored.steps.at("wait").timer_due_at, 9'000'000);
  EXPECT_EQ(rest_of(restored).wake_at, rest_of(original).wake_at);
  // The same next events give the same state, from the snapshot or from the start.
  auto more = rich_history();
  more.add(event_type::step_started, "call", json::object(), 2)
      .add(event_type::step_completed, "call", {{"output", 7}}, 2)
      .add(event_type::timer_fired, "wait", json::object(), 1)
      .add(event_type::step_completed, "wait", {{"output", json::object()}}, 1)
      .add(event_type::execution_completed, "", {{"output", 7}});
  const auto all = more.events();
  execution_state from_snapshot = restored;
  for (std::size_t i = events.size(); i < all.size(); ++i) from_snapshot = apply(std::move(from_snapshot), all[i]);
  EXPECT_EQ(to_json(from_snapshot), to_json(replay(all)));
}

TEST(execution_snapshot, refuses_what_is_not_a_snapshot) {
  execution_state s;
  s.workflow_id = "untouched";
  for (const json& bad : {json(nullptr), json("x"), json({{"version", 2}}), json({{"version", 1}})}) {
    EXPECT_FALSE(restore(bad, s)) << bad.dump();
  }
  json wrong_status = snapshot_of(replay(rich_history().events()));
  wrong_status["status"] = 42;
  EXPECT_FALSE(restore(wrong_status, s));
  wrong_status = snapshot_of(replay(rich_history().events()));
  wrong_status["steps"]["a"]["status"] = -1;
  EXPECT_FALSE(restore(wrong_status, s));
  EXPECT_EQ(s.workflow_id, "untouched");
}

// Found by fuzz_codecs (CI's smoke run and the 30-minute run): a snapshot read back from disk
// with a string where its version belongs threw out of restore() and ended the process. Every
// field of the wrong type, a float where an integer belongs (NaN has no integer) or a number
// out of its range makes the snapshot unreadable, never an exception or a wrapped value.
TEST(execution_snapshot, a_damaged_snapshot_is_refused_field_by_field) {
  const json good = snapshot_of(replay(rich_history().events()));
  execution_state s;
  ASSERT_TRUE(restore(good, s));
  const auto refused = [&](const json& bad) {
    execution_state untouched;
    untouched.workflow_id = "untouched";
    EXPECT_FALSE(restore(bad, untouched)) << bad.dump();
    EXPECT_EQ(untouched.workflow_id, "untouched");
  };
  const json nan = std::nan("");
  const json huge = std::numeric_limits<std::uint64_t>::max();
  const std::vector<std::pair<std::vector<const char*>, std::vector<json>>> wrong = {
      {{"version"}, {"1", 1.0, 2, nan, nullptr}},
      {{"workflow_id", "current_step"}, {1, nullptr, json::array(), json::object(), true}},
      {{"workflow_version", "created_at", "started_at", "finished_at", "timeout_ms"},
       {"1", 1.5, nan, nullptr, json::array(), true, huge}},
      {{"status"}, {"1", 1.5, nan, -1, 42, nullptr}},
      {{"last_seq"}, {"1", 1.5, nan, -1, nullptr}},
      {{"progress"}, {"1", nullptr, json::object(), {1, 2, 3}, {1, "2", 3, 4}, {1, 2, 3, -1}}},
      {{"steps"}, {"1", nullptr, json::array()}},
      {{"extra"}, {"not an object", 7}},
  };
  for (const auto& [keys, values] : wrong) {
    for (const char* key : keys) {
      for (const json& value : values) {
        json bad = good;
        bad[key] = value;
        refused(bad);
      }
      if (std::string_view(key) == "extra") continue;  // optional: what the runtime keeps beside
      json missing = good;
      missing.erase(key);
      refused(missing);
    }
  }
  const std::string step = good["steps"].begin().key();
  for (const char* key : {"status", "attempts", "started_at", "finished_at", "duration_ms", "next_retry_at",
                          "timer_due_at", "interruptions", "taken"}) {
    for (const json& value : {json("1"), json(2.5), json(std::nan("")), json(nullptr), json::object()}) {
      json bad = good;
      bad["steps"][step][key] = value;
      refused(bad);
    }
  }
  json bad = good;
  bad["steps"][step]["taken"] = {"next", 7};
  refused(bad);
  bad = good;
  bad["steps"][step]["attempts"] = std::int64_t{1} << 40;  // beyond a 32-bit count
  refused(bad);

  // The history's last seq never throws, whatever its snapshot holds.
  execution_history h;
  h.created.seq = 1;
  h.snapshot = {{"last_seq", "12"}};
  EXPECT_EQ(h.last_seq(), 1u);
  h.snapshot = {{"last_seq", 12}};
  EXPECT_EQ(h.last_seq(), 12u);
}

TEST(execution_snapshot, a_history_folds_from_its_snapshot_and_tail) {
  const auto events = rich_history().events();
  execution_history h;
  h.created = events.front();
  h.snapshot = snapshot_of(replay(std::vector<event>(events.begin(), events.begin() + 5)));
  h.tail.assign(events.begin() + 5, events.end());
  EXPECT_EQ(to_json(fold(h)), to_json(replay(events)));
  EXPECT_EQ(h.last_seq(), events.back().seq);
  h.snapshot = nullptr;  // no snapshot: the created event and everything after it
  h.tail.assign(events.begin() + 1, events.end());
  EXPECT_EQ(to_json(fold(h)), to_json(replay(events)));
}

// Found by fuzz_codecs (fifth 30-minute run): an event's duration stored as the float 1.1e24
// was converted to int64 (undefined behaviour), and a "resumed" flag that is not a boolean
// threw out of the reducer. A field of another type counts as absent.
TEST(execution_state, event_fields_of_the_wrong_type_count_as_absent) {
  auto h = created(1);
  h.add(event_type::execution_started)
      .add(event_type::step_started, "a", {{"resumed", "yes"}, {"waits_for", 7}}, 1)
      .add(event_type::step_completed, "a", {{"duration_ms", 1.09739e24}, {"output", 1}});
  const auto s = replay(h.events());
  const auto& a = s.steps.at("a");
  EXPECT_EQ(a.interruptions, 0u);
  EXPECT_EQ(a.status, step_status::completed);
  EXPECT_EQ(a.duration_ms, 10);  // measured from the step's own events, as when absent
  for (const json& duration : {json(std::nan("")), json("12"), json(std::numeric_limits<std::uint64_t>::max())}) {
    auto again = created(1);
    again.add(event_type::execution_started)
        .add(event_type::step_started, "a", json::object(), 1)
        .add(event_type::step_completed, "a", {{"duration_ms", duration}});
    EXPECT_EQ(replay(again.events()).steps.at("a").duration_ms, 10) << duration.dump();
  }
}

// Found by fuzz_codecs: a stored time near INT64_MIN made a step's duration overflow (undefined
// behaviour; in a plain build a negative duration). Times from disk are only as sane as the
// disk: the reducer's arithmetic on them saturates.
TEST(execution_state, times_read_back_from_a_damaged_disk_do_not_overflow) {
  auto h = created(1);
  h.add(event_type::execution_started).add(event_type::step_started, "a", json::object(), 1).add(event_type::step_completed, "a");
  std::vector<event> events = h.events();
  events[2].at_ms = INT64_MIN + 5;  // the step "started" at the dawn of time
  EXPECT_EQ(replay(events).steps.at("a").duration_ms, INT64_MAX);

  // A total timeout beyond the end of time (UBSan saw the sum overflow): the retry is what
  // wakes the execution.
  auto waits = created(1);
  waits.add(event_type::execution_started)
      .add(event_type::step_started, "a", json::object(), 1)
      .add(event_type::step_failed, "a", {{"will_retry", true}, {"next_retry_at", 5'000'000}}, 1);
  events = waits.events();
  events[0].data["definition"] = {{"settings", {{"timeout_ms", INT64_MAX}}}};
  EXPECT_EQ(rest_of(replay(events)).wake_at, 5'000'000);
}

// execution_created says its timeout itself (its stored form names the definition by digest);
// one written before that has it only in its definition's settings, and reads as before.
TEST(execution_state, the_execution_timeout_comes_from_the_created_event_else_its_definition) {
  auto h = created(1);
  h.add(event_type::execution_started);
  std::vector<event> events = h.events();
  events[0].data["timeout_ms"] = 700;
  EXPECT_EQ(replay(events).timeout_ms, 700);
  events[0].data["definition"] = {{"settings", {{"timeout_ms", 900}}}};
  EXPECT_EQ(replay(events).timeout_ms, 700) << "its own field wins over the definition's";
  events[0].data.erase("timeout_ms");
  EXPECT_EQ(replay(events).timeout_ms, 900);
  events[0].data.erase("definition");
  EXPECT_EQ(replay(events).timeout_ms, 0);
}

}  // namespace
}  // namespace weft::core
