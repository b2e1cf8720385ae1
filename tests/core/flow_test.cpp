// Ready steps, AND-joins and dead-path elimination (core/flow.hpp).
#include <deque>

#include <gtest/gtest.h>

#include "core/flow.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

class flow_test : public ::testing::Test {
 protected:
  void load(const char* definition) {
    wf_ = parse_workflow(json::parse(definition));
    g_ = std::make_unique<graph>(wf_);
    flows_.assign(g_->size(), {});
  }
  void settle(const std::string& id, std::vector<std::string> taken = {"out"}) {
    auto& f = flows_[*g_->index_of(id)];
    f.state = flow_state::settled;
    f.taken = &handles_.emplace_back(std::move(taken));  // a deque: earlier views stay valid
  }
  void start(const std::string& id) { flows_[*g_->index_of(id)].state = flow_state::active; }
  // Applies the moves the way an execution does: ready steps start, skipped ones are marked.
  flow_moves step() {
    auto moves = next_moves(*g_, flows_);
    for (auto i : moves.skipped) flows_[i].state = flow_state::skipped;
    return moves;
  }
  std::vector<std::string> names(const std::vector<graph::index>& v) const {
    std::vector<std::string> out;
    for (auto i : v) out.push_back(g_->id(i));
    std::sort(out.begin(), out.end());
    return out;
  }

  workflow wf_;
  std::unique_ptr<graph> g_;
  std::vector<step_flow> flows_;
  std::deque<std::vector<std::string>> handles_;  // what the flows' `taken` refer to
};

const char* enrichment = R"({"steps": [
  {"id": "input", "type": "input", "next": "lookup"},
  {"id": "lookup", "type": "http", "next": "decision"},
  {"id": "decision", "type": "condition", "config": {"conditions": [{"condition": "$.x", "next": "ok"}], "default": "bad"}},
  {"id": "ok", "type": "transform", "next": "notify"},
  {"id": "notify", "type": "log", "next": "done"},
  {"id": "bad", "type": "output"},
  {"id": "done", "type": "output"}]})";

TEST_F(flow_test, entry_steps_are_ready_first) {
  load(enrichment);
  auto moves = step();
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"input"});
  EXPECT_TRUE(moves.skipped.empty());
}

TEST_F(flow_test, active_steps_are_not_offered_again) {
  load(enrichment);
  start("input");
  EXPECT_TRUE(step().ready.empty());
}

TEST_F(flow_test, a_sequence_advances_one_step_at_a_time) {
  load(enrichment);
  settle("input");
  EXPECT_EQ(names(step().ready), std::vector<std::string>{"lookup"});
  start("lookup");
  settle("lookup");
  EXPECT_EQ(names(step().ready), std::vector<std::string>{"decision"});
}

TEST_F(flow_test, the_branch_not_taken_is_skipped_transitively) {
  load(enrichment);
  settle("input");
  settle("lookup");
  settle("decision", {"default"});
  auto moves = step();
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"bad"});
  EXPECT_EQ(names(moves.skipped), (std::vector<std::string>{"done", "notify", "ok"}));
}

TEST_F(flow_test, the_taken_branch_runs_and_the_other_is_skipped) {
  load(enrichment);
  settle("input");
  settle("lookup");
  settle("decision", {"case_0"});
  auto moves = step();
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"ok"});
  EXPECT_EQ(names(moves.skipped), std::vector<std::string>{"bad"});
}

const char* diamond = R"({"steps": [
  {"id": "in", "type": "input", "next": "c"},
  {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "$.x", "next": "a"}], "default": "b"}},
  {"id": "a", "type": "log", "next": "join"},
  {"id": "b", "type": "log", "next": "join"},
  {"id": "p", "type": "log", "next": "join"},
  {"id": "join", "type": "join", "next": "out"},
  {"id": "out", "type": "output"}]})";

TEST_F(flow_test, an_and_join_waits_for_every_predecessor_that_was_not_skipped) {
  load(diamond);
  settle("in");
  settle("p");
  settle("c", {"case_0"});
  auto moves = step();
  EXPECT_EQ(names(moves.skipped), std::vector<std::string>{"b"});
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"a"});  // join still waits for a
  start("a");
  EXPECT_TRUE(step().ready.empty());
  settle("a");
  EXPECT_EQ(names(step().ready), std::vector<std::string>{"join"});
}

TEST_F(flow_test, a_join_whose_every_branch_is_dead_is_skipped_too) {
  load(R"({"steps": [
    {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "$.x", "next": ["a", "b"]}], "default": "z"}},
    {"id": "a", "type": "log", "next": "j"},
    {"id": "b", "type": "log", "next": "j"},
    {"id": "j", "type": "join", "next": "after"},
    {"id": "after", "type": "output"},
    {"id": "z", "type": "output"}]})");
  settle("c", {"default"});
  auto moves = step();
  EXPECT_EQ(names(moves.skipped), (std::vector<std::string>{"a", "after", "b", "j"}));
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"z"});
}

TEST_F(flow_test, a_failed_step_routes_by_its_error_handle) {
  load(R"({"steps": [
    {"id": "call", "type": "http", "on_error": "recover", "next": "use"},
    {"id": "use", "type": "output"},
    {"id": "recover", "type": "output"}]})");
  settle("call", {"error"});
  auto moves = step();
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"recover"});
  EXPECT_EQ(names(moves.skipped), std::vector<std::string>{"use"});
}

TEST_F(flow_test, a_step_that_left_by_no_handle_kills_all_its_links) {
  load(R"({"steps": [{"id": "a", "type": "fail", "next": "b"}, {"id": "b", "type": "output"}]})");
  settle("a", {});
  auto moves = step();
  EXPECT_EQ(names(moves.skipped), std::vector<std::string>{"b"});
  EXPECT_TRUE(moves.ready.empty());
}

TEST_F(flow_test, loop_bodies_are_left_to_their_loop) {
  load(R"({"steps": [
    {"id": "in", "type": "input", "next": "each"},
    {"id": "each", "type": "loop", "config": {"items": "$.input.l", "body": "work"}, "next": "out"},
    {"id": "work", "type": "log", "next": "each"},
    {"id": "out", "type": "output"}]})");
  settle("in");
  EXPECT_EQ(names(step().ready), std::vector<std::string>{"each"});
  settle("each");
  auto moves = step();
  EXPECT_EQ(names(moves.ready), std::vector<std::string>{"out"});
  EXPECT_TRUE(moves.skipped.empty());
}

TEST_F(flow_test, parallel_branches_are_ready_together) {
  load(R"({"steps": [
    {"id": "fork", "type": "parallel", "next": ["a", "b", "c"]},
    {"id": "a", "type": "log"}, {"id": "b", "type": "log"}, {"id": "c", "type": "log"}]})");
  settle("fork");
  EXPECT_EQ(names(step().ready), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace weft::core
