// React Flow <-> canonical conversion: lossless round trips and pointer mapping.
#include <gtest/gtest.h>

#include "core/react_flow.hpp"
#include "core/workflow.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

// What seed 001's editor sends as `workflow_data`, with the extras React Flow adds.
const json editor_doc = json::parse(R"({
  "name": "From the editor",
  "viewport": { "x": 10, "y": 20, "zoom": 1.5 },
  "nodes": [
    { "id": "start", "type": "manualTrigger", "position": { "x": 0, "y": 0 },
      "data": { "label": "Start", "icon": "PlayIcon" }, "width": 180, "height": 40, "selected": true },
    { "id": "check", "type": "condition", "position": { "x": 200, "y": 0 },
      "data": { "label": "Big?", "config": { "conditions": [ { "condition": "$.input.n > 10", "handle": "true" } ] } } },
    { "id": "big", "type": "log", "position": { "x": 400, "y": -50 },
      "data": { "label": "Big", "config": { "message": "big" }, "retry": { "max_attempts": 2 } } },
    { "id": "small", "type": "log", "position": { "x": 400, "y": 50 },
      "data": { "label": "Small", "config": { "message": "small" } } }
  ],
  "edges": [
    { "id": "e1", "source": "start", "target": "check", "sourceHandle": null, "targetHandle": null, "animated": true },
    { "id": "e2", "source": "check", "target": "big", "sourceHandle": "true" },
    { "id": "e3", "source": "check", "target": "small", "sourceHandle": "default", "type": "smoothstep",
      "label": "else", "targetHandle": "in" }
  ]
})");

TEST(react_flow, detects_the_editor_form) {
  EXPECT_TRUE(is_react_flow(editor_doc));
  EXPECT_FALSE(is_react_flow(json::parse(R"({"steps": []})")));
  EXPECT_FALSE(is_react_flow(json::parse(R"({"nodes": {}})")));
  EXPECT_FALSE(is_react_flow(json::array()));
}

TEST(react_flow, nodes_become_steps_in_order_with_editor_fields_kept_in_ui) {
  json canonical = react_flow_to_canonical(editor_doc);
  ASSERT_EQ(canonical["steps"].size(), 4u);
  const json& start = canonical["steps"][0];
  EXPECT_EQ(start["id"], "start");
  EXPECT_EQ(start["type"], "manualTrigger");
  EXPECT_EQ(start["name"], "Start");
  EXPECT_EQ(start["ui"]["data"]["icon"], "PlayIcon");
  EXPECT_EQ(start["ui"]["node"]["width"], 180);
  EXPECT_EQ(start["ui"]["node"]["selected"], true);
  EXPECT_EQ(canonical["steps"][2]["retry"]["max_attempts"], 2);
  EXPECT_EQ(canonical["steps"][1]["config"]["conditions"][0]["handle"], "true");
  EXPECT_EQ(canonical["viewport"]["zoom"], 1.5);
  workflow wf = parse_workflow(canonical);
  ASSERT_EQ(wf.edges.size(), 3u);
  EXPECT_EQ(wf.edges[1].from, "check");
  EXPECT_EQ(wf.edges[1].handle, "true");
  EXPECT_EQ(wf.edges[2].target_handle, "in");
  EXPECT_EQ(wf.edges[2].extra["ui"]["label"], "else");
}

TEST(react_flow, editor_to_canonical_to_editor_keeps_every_node_edge_handle_and_position) {
  EXPECT_EQ(canonical_to_react_flow(react_flow_to_canonical(editor_doc)), editor_doc);
}

TEST(react_flow, round_trip_survives_the_canonical_model_too) {
  json through_model = to_json(parse_workflow(react_flow_to_canonical(editor_doc)));
  EXPECT_EQ(canonical_to_react_flow(through_model), editor_doc);
}

TEST(react_flow, canonical_links_become_edges_for_the_editor) {
  json canonical = json::parse(R"({
    "steps": [
      { "id": "a", "type": "input", "next": "c" },
      { "id": "c", "type": "condition", "config": { "conditions": [ { "condition": "$.a.x", "next": "d" } ], "default": ["e"] } },
      { "id": "d", "type": "http", "config": { "url": "http://x" }, "on_error": "e" },
      { "id": "e", "type": "output", "position": { "x": 5, "y": 6 } }
    ]
  })");
  json rf = canonical_to_react_flow(canonical);
  ASSERT_EQ(rf["nodes"].size(), 4u);
  EXPECT_EQ(rf["nodes"][3]["position"], json::parse(R"({"x":5,"y":6})"));
  EXPECT_TRUE(rf["nodes"][0]["position"].contains("x"));
  std::set<std::string> edges;
  for (const auto& e : rf["edges"]) {
    edges.insert(e["source"].get<std::string>() + ">" + e["target"].get<std::string>() + ":" + e.value("sourceHandle", "out"));
  }
  EXPECT_EQ(edges, (std::set<std::string>{"a>c:out", "c>d:case_0", "c>e:default", "d>e:error"}));
  // Back again: the same graph, with the links now carried as edges.
  json again = react_flow_to_canonical(rf);
  EXPECT_EQ(again["steps"][1]["config"], canonical["steps"][1]["config"]);
  EXPECT_EQ(again["edges"].size(), 4u);
}

TEST(react_flow, config_routes_are_not_doubled_when_an_edge_already_says_the_same) {
  json rf = canonical_to_react_flow(react_flow_to_canonical(editor_doc));
  EXPECT_EQ(rf["edges"].size(), editor_doc["edges"].size());
}

TEST(react_flow, odd_input_does_not_throw) {
  json odd = json::parse(R"({"nodes": [5, {"id": "x", "data": "text"}, {}], "edges": [null, {"source": 1}]})");
  json canonical = react_flow_to_canonical(odd);
  EXPECT_EQ(canonical["steps"].size(), 3u);
  EXPECT_EQ(canonical["steps"][1]["ui"]["node"]["data"], "text");
  EXPECT_NO_THROW((void)canonical_to_react_flow(canonical));
}

TEST(react_flow, pointers_map_back_to_the_editor_document) {
  EXPECT_EQ(react_flow_pointer("/steps/2/config/url"), "/nodes/2/data/config/url");
  EXPECT_EQ(react_flow_pointer("/steps/2/name"), "/nodes/2/data/label");
  EXPECT_EQ(react_flow_pointer("/steps/2"), "/nodes/2");
  EXPECT_EQ(react_flow_pointer("/steps/2/id"), "/nodes/2/id");
  EXPECT_EQ(react_flow_pointer("/steps/2/type"), "/nodes/2/type");
  EXPECT_EQ(react_flow_pointer("/steps/2/next/0"), "/nodes/2/data/next/0");
  EXPECT_EQ(react_flow_pointer("/steps/2/ui/data/icon"), "/nodes/2/data/icon");
  EXPECT_EQ(react_flow_pointer("/edges/1/from"), "/edges/1/source");
  EXPECT_EQ(react_flow_pointer("/edges/1/to"), "/edges/1/target");
  EXPECT_EQ(react_flow_pointer("/edges/1/handle"), "/edges/1/sourceHandle");
  EXPECT_EQ(react_flow_pointer("/edges/1/target_handle"), "/edges/1/targetHandle");
  EXPECT_EQ(react_flow_pointer("/edges/1"), "/edges/1");
  EXPECT_EQ(react_flow_pointer("/name"), "/name");
  EXPECT_EQ(react_flow_pointer(""), "");
}

}  // namespace
}  // namespace weft::core
