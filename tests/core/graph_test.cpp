// Links, entries, successors per handle, joins, loop bodies, cycles and reachability.
#include <gtest/gtest.h>

#include "core/graph.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

graph build(const char* definition) { return graph(parse_workflow(json::parse(definition))); }

std::vector<std::string> ids(const graph& g, const std::vector<graph::index>& v) {
  std::vector<std::string> out;
  for (auto i : v) out.push_back(g.id(i));
  return out;
}

const char* diamond = R"({"steps": [
  {"id": "in", "type": "input", "next": ["left", "right"]},
  {"id": "left", "type": "transform", "next": "join"},
  {"id": "right", "type": "transform", "next": "join"},
  {"id": "join", "type": "join", "next": "out"},
  {"id": "out", "type": "output"},
  {"id": "note", "type": "comment"}
]})";

TEST(graph, entry_steps_have_no_incoming_link_and_comments_are_not_entries) {
  graph g = build(diamond);
  EXPECT_EQ(ids(g, g.entries()), std::vector<std::string>{"in"});
  EXPECT_EQ(g.total_steps(), 5u);
  EXPECT_TRUE(g.is_comment(*g.index_of("note")));
}

TEST(graph, successors_per_handle_in_declaration_order) {
  graph g = build(diamond);
  EXPECT_EQ(ids(g, g.successors(*g.index_of("in"), "out")), (std::vector<std::string>{"left", "right"}));
  EXPECT_TRUE(g.successors(*g.index_of("in"), "error").empty());
  EXPECT_TRUE(g.successors(*g.index_of("out"), "out").empty());
}

TEST(graph, a_step_with_several_predecessors_is_an_and_join) {
  graph g = build(diamond);
  EXPECT_TRUE(g.is_and_join(*g.index_of("join")));
  EXPECT_FALSE(g.is_and_join(*g.index_of("left")));
  EXPECT_FALSE(g.is_and_join(*g.index_of("out")));
}

TEST(graph, two_links_from_the_same_step_do_not_make_a_join) {
  graph g = build(R"({"steps": [
    {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "true", "next": "x"}], "default": "x"}},
    {"id": "x", "type": "log"}]})");
  EXPECT_FALSE(g.is_and_join(*g.index_of("x")));
  EXPECT_EQ(ids(g, g.successors(0, "case_0")), std::vector<std::string>{"x"});
  EXPECT_EQ(ids(g, g.successors(0, "default")), std::vector<std::string>{"x"});
}

TEST(graph, links_come_from_next_edges_conditions_on_error_and_loop_bodies) {
  auto wf = parse_workflow(json::parse(R"({"steps": [
    {"id": "a", "type": "condition", "config": {"conditions": [
        {"condition": "$.x", "next": ["b", "c"]}, {"condition": "$.y", "next": "c", "handle": "yes"}], "default": "d"}},
    {"id": "b", "type": "http", "on_error": "d", "next": "d"},
    {"id": "c", "type": "loop", "config": {"items": "$.l", "body": "c1"}, "next": "d"},
    {"id": "c1", "type": "log", "next": "c"},
    {"id": "d", "type": "output"}],
   "edges": [{"from": "b", "to": "c", "handle": "error"}]})"));
  auto links = declared_links(wf);
  std::vector<std::string> seen;
  for (const auto& l : links) seen.push_back(l.from + ">" + l.to + ":" + l.handle + "@" + l.pointer);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "a>b:case_0@/steps/0/config/conditions/0/next/0",
                      "a>c:case_0@/steps/0/config/conditions/0/next/1",
                      "a>c:yes@/steps/0/config/conditions/1/next",
                      "a>d:default@/steps/0/config/default",
                      "b>d:out@/steps/1/next",
                      "b>d:error@/steps/1/on_error",
                      "c>d:out@/steps/2/next",
                      "c>c1:body@/steps/2/config/body",
                      "c1>c:out@/steps/3/next",
                      "b>c:error@/edges/0",
                  }));
}

TEST(graph, a_link_back_into_a_loop_from_its_body_is_not_a_cycle) {
  graph g = build(R"({"steps": [
    {"id": "in", "type": "input", "next": "each"},
    {"id": "each", "type": "loop", "config": {"items": "$.input.list", "body": "work"}, "next": "out"},
    {"id": "work", "type": "transform", "next": "more"},
    {"id": "more", "type": "transform", "next": "each"},
    {"id": "out", "type": "output"}]})");
  EXPECT_TRUE(g.cycles().empty());
  EXPECT_EQ(ids(g, g.loop_body(*g.index_of("each"))), (std::vector<std::string>{"work", "more"}));
  EXPECT_EQ(g.loop_of(*g.index_of("work")), g.index_of("each"));
  EXPECT_FALSE(g.loop_of(*g.index_of("out")));
  EXPECT_EQ(ids(g, g.entries()), std::vector<std::string>{"in"});
  EXPECT_FALSE(g.is_and_join(*g.index_of("each")));
  EXPECT_EQ(ids(g, g.successors(*g.index_of("more"), "out")), std::vector<std::string>{"each"});
  auto reach = g.reachable();
  EXPECT_TRUE(std::all_of(reach.begin(), reach.end(), [](bool b) { return b; }));
}

TEST(graph, cycles_outside_loops_are_found) {
  graph g = build(R"({"steps": [
    {"id": "in", "type": "input", "next": "a"},
    {"id": "a", "type": "log", "next": "b"},
    {"id": "b", "type": "log", "next": ["a", "c"]},
    {"id": "c", "type": "log", "next": "c"},
    {"id": "d", "type": "log", "next": "e"},
    {"id": "e", "type": "log", "next": "d"}]})");
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 3u);
  std::set<std::vector<std::string>> named;
  for (const auto& c : cycles) named.insert(ids(g, c));
  EXPECT_EQ(named, (std::set<std::vector<std::string>>{{"a", "b"}, {"c"}, {"d", "e"}}));
  auto reach = g.reachable();
  EXPECT_TRUE(reach[*g.index_of("c")]);
  EXPECT_FALSE(reach[*g.index_of("d")]);
}

TEST(graph, dangling_links_and_links_to_comments_are_left_out) {
  graph g = build(R"({"steps": [
    {"id": "a", "type": "log", "next": ["ghost", "note", "b"]},
    {"id": "note", "type": "comment", "next": "b"},
    {"id": "b", "type": "log"},
    {"id": "b", "type": "output"}]})");
  EXPECT_EQ(g.size(), 3u);  // the duplicate id is counted once
  EXPECT_EQ(g.links().size(), 1u);
  EXPECT_EQ(g.type(*g.index_of("b")), "log");
}

TEST(graph, long_chains_do_not_exhaust_the_stack) {
  json steps = json::array();
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    json s = {{"id", "s" + std::to_string(i)}, {"type", "log"}};
    if (i + 1 < n) s["next"] = "s" + std::to_string(i + 1);
    steps.push_back(s);
  }
  steps[n - 1]["next"] = "s0";  // one giant cycle
  graph g{parse_workflow(json{{"steps", steps}})};
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].size(), static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace weft::core
