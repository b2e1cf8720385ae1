// The validator against the real step registry (nodes::registry::builtin()).

#include <gtest/gtest.h>

#include "core/validator.hpp"
#include "nodes/registry.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

validation_report check(const json& doc) { return validate_definition(doc, nodes::registry::builtin()); }
validation_report check(const char* doc) { return check(json::parse(doc)); }

// "pointer code" pairs, for comparing whole reports at once.
std::multiset<std::string> summary(const std::vector<problem>& problems) {
  std::multiset<std::string> out;
  for (const auto& p : problems) out.insert(p.pointer + " " + p.code);
  return out;
}

std::string dump(const std::vector<problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.to_string() + "\n";
  return out;
}

const char* spec_example = R"({
  "name": "Data Enrichment Workflow",
  "input_schema": { "type": "object", "properties": { "company_domain": { "type": "string" } } },
  "settings": { "timeout_ms": 300000, "retry": { "max_attempts": 3, "initial_interval_ms": 500,
                "backoff_coefficient": 2.0, "max_interval_ms": 30000 }, "max_parallel_steps": 16 },
  "steps": [
    { "id": "input", "type": "input", "name": "Input", "next": "lookup" },
    { "id": "lookup", "type": "http", "name": "Customer Lookup", "timeout_ms": 5000,
      "config": { "method": "GET", "url": "http://127.0.0.1:9000/crm/{{ $.input.company_domain }}" },
      "next": "enrich_data" },
    { "id": "enrich_data", "type": "transform", "name": "Data Enrichment",
      "config": { "set": { "company_size": "'101-250'", "success": "true" } }, "next": "decision" },
    { "id": "decision", "type": "condition", "name": "Check Enrichment Success",
      "config": { "conditions": [ { "condition": "$.enrich_data.success == true", "next": "output_success" } ],
                  "default": "output_failure" } },
    { "id": "output_success", "type": "output", "config": { "value": "$.enrich_data" } },
    { "id": "output_failure", "type": "output", "config": { "value": "{ 'success': false }" } }
  ]
})";

TEST(validator, the_spec_example_is_valid_with_one_simplification_warning) {
  auto r = check(spec_example);
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  ASSERT_EQ(r.warnings.size(), 1u) << dump(r.warnings);
  EXPECT_EQ(r.warnings[0].code, "expression_simplification");
  EXPECT_EQ(r.warnings[0].pointer, "/steps/3/config/conditions/0/condition");
  EXPECT_EQ(r.warnings[0].position, 1u);
}

TEST(validator, a_definition_must_be_an_object) {
  for (const char* doc : {"[]", "5", "null", "\"steps\""}) {
    auto r = check(doc);
    ASSERT_EQ(r.errors.size(), 1u) << doc;
    EXPECT_EQ(r.errors[0].code, "invalid_definition");
    EXPECT_EQ(r.errors[0].pointer, "");
  }
}

TEST(validator, structural_errors_point_at_the_offending_value) {
  EXPECT_EQ(summary(check(R"({"name": "x"})").errors), std::multiset<std::string>{" invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": []})").errors), std::multiset<std::string>{"/steps invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": [{"type": "log", "config": {"message": "m"}}]})").errors),
            std::multiset<std::string>{"/steps/0 invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": [{"id": "a", "type": "log", "config": {"message": "m"}, "next": 5}]})").errors),
            std::multiset<std::string>{"/steps/0/next invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": [{"id": "a b", "type": "trigger"}]})").errors),
            std::multiset<std::string>{"/steps/0/id invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": [{"id": "a", "type": "trigger", "timeout_ms": -5}]})").errors),
            std::multiset<std::string>{"/steps/0/timeout_ms invalid_definition"});
  EXPECT_EQ(summary(check(R"({"settings": {"retry": {"max_attempts": "3"}}, "steps": [{"id": "a", "type": "trigger"}]})").errors),
            std::multiset<std::string>{"/settings/retry/max_attempts invalid_definition"});
  EXPECT_EQ(summary(check(R"({"steps": [{"id": "a", "type": "trigger"}], "edges": [{"from": "a"}]})").errors),
            std::multiset<std::string>{"/edges/0 invalid_definition"});
}

TEST(validator, unknown_types_duplicates_and_reserved_ids) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": ["a", "vars", "input"]},
    {"id": "a", "type": "teleport"},
    {"id": "a", "type": "log", "config": {"message": "m"}},
    {"id": "vars", "type": "log", "config": {"message": "m"}},
    {"id": "input", "type": "log", "config": {"message": "m"}}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/steps/1/type unknown_step_type",
                                                           "/steps/2/id duplicate_step_id",
                                                           "/steps/3/id reserved_step_id",
                                                           "/steps/4/id reserved_step_id"}))
      << dump(r.errors);
}

TEST(validator, aliases_resolve_to_their_canonical_types) {
  auto r = check(R"({"steps": [
    {"id": "t", "type": "manualTrigger", "next": "in"},
    {"id": "in", "type": "manual_trigger", "next": "f"},
    {"id": "f", "type": "addField", "config": {"set": {"x": "1"}}, "next": "h"},
    {"id": "h", "type": "http_request", "config": {"url": "http://x"}, "next": ["m1", "m2"]},
    {"id": "m1", "type": "set", "config": {"set": {"y": "$.f.x"}}, "next": "j"},
    {"id": "m2", "type": "log", "config": {"message": "{{ $.h.status }}"}, "next": "j"},
    {"id": "j", "type": "merge", "next": "o"},
    {"id": "o", "type": "output", "config": {"value": "$.j"}}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
}

TEST(validator, every_kind_of_dangling_link_is_reported_where_it_is_written) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": ["c", "ghost1"]},
    {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "true", "next": "ghost2"}], "default": ["h", "ghost3"]}},
    {"id": "h", "type": "http", "config": {"url": "http://x"}, "on_error": "ghost4"}],
   "edges": [{"from": "ghost5", "to": "h"}, {"from": "h", "to": "ghost6"}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{
                                   "/steps/0/next/1 dangling_reference",
                                   "/steps/1/config/conditions/0/next dangling_reference",
                                   "/steps/1/config/default/1 dangling_reference",
                                   "/steps/2/on_error dangling_reference",
                                   "/edges/0/from dangling_reference",
                                   "/edges/1/to dangling_reference"}))
      << dump(r.errors);
}

TEST(validator, cycles_outside_a_loop_are_rejected) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": "a"},
    {"id": "a", "type": "log", "config": {"message": "m"}, "next": "b"},
    {"id": "b", "type": "log", "config": {"message": "m"}, "next": "a"}]})");
  ASSERT_EQ(summary(r.errors), std::multiset<std::string>{"/steps/1 cycle"}) << dump(r.errors);
  EXPECT_NE(r.errors[0].message.find("a, b"), std::string::npos);
}

TEST(validator, a_cycle_through_a_loop_step_is_allowed) {
  auto r = check(R"({"steps": [
    {"id": "in", "type": "input", "next": "each"},
    {"id": "each", "type": "loop", "config": {"items": "$.input.rows", "body": "work"}, "next": "out"},
    {"id": "work", "type": "transform", "config": {"set": {"v": "$.item.value * 2"}}, "next": "each"},
    {"id": "out", "type": "output", "config": {"value": "$.each"}}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_TRUE(r.warnings.empty()) << dump(r.warnings);
}

TEST(validator, steps_only_reachable_through_an_entryless_cycle_are_unreachable) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": "done"},
    {"id": "done", "type": "output"},
    {"id": "a", "type": "log", "config": {"message": "m"}, "next": "b"},
    {"id": "b", "type": "log", "config": {"message": "m"}, "next": ["a", "c"]},
    {"id": "c", "type": "output"}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/steps/2 cycle", "/steps/4 unreachable_step"}))
      << dump(r.errors);
}

TEST(validator, configs_are_checked_against_their_type_schema) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": ["h1", "h2", "d", "c", "l", "j"]},
    {"id": "h1", "type": "http", "config": {"method": "GET"}},
    {"id": "h2", "type": "http", "config": {"url": "http://x", "method": "FETCH", "headers": {"A": 1}}},
    {"id": "d", "type": "delay", "config": {}},
    {"id": "c", "type": "condition", "config": {"conditions": []}},
    {"id": "l", "type": "log", "config": {"message": "m", "level": "loud", "extra": true}},
    {"id": "j", "type": "join", "config": {"mode": "by_key"}}]})");
  auto s = summary(r.errors);
  EXPECT_EQ(s.count("/steps/1/config invalid_config"), 1u) << dump(r.errors);
  EXPECT_EQ(s.count("/steps/2/config/method invalid_config"), 1u) << dump(r.errors);
  EXPECT_EQ(s.count("/steps/2/config/headers/A invalid_config"), 1u) << dump(r.errors);
  EXPECT_GE(s.count("/steps/3/config invalid_config"), 1u) << dump(r.errors);
  EXPECT_EQ(s.count("/steps/4/config/conditions invalid_config"), 1u) << dump(r.errors);
  EXPECT_EQ(s.count("/steps/5/config/level invalid_config"), 1u) << dump(r.errors);
  EXPECT_GE(s.count("/steps/5/config invalid_config"), 1u) << dump(r.errors);
  EXPECT_GE(s.count("/steps/6/config invalid_config"), 1u) << dump(r.errors);
  for (const auto& p : r.errors) EXPECT_EQ(p.code, "invalid_config") << p.to_string();
}

TEST(validator, number_fields_may_be_given_as_expressions) {
  auto r = check(R"({"steps": [
    {"id": "input", "type": "input", "next": "d"},
    {"id": "d", "type": "delay", "config": {"duration_ms": "$.input.wait * 1000"}, "next": "h"},
    {"id": "h", "type": "http", "config": {"url": "http://x", "timeout_ms": "$.input.budget"}}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  auto bad = check(R"({"steps": [{"id": "d", "type": "delay", "config": {"duration_ms": "$.input.wait *"}}]})");
  EXPECT_EQ(summary(bad.errors), std::multiset<std::string>{"/steps/0/config/duration_ms invalid_expression"});
}

TEST(validator, bad_expressions_and_templates_report_their_column) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": ["c", "h", "t"]},
    {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "$.start.x ==", "next": "t"}]}},
    {"id": "h", "type": "http", "config": {"url": "http://x/{{ $.start.id"}},
    {"id": "t", "type": "transform", "config": {"set": {"a": "1 +* 2", "b": 5, "c/d": "'ok'"}}}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/steps/1/config/conditions/0/condition invalid_expression",
                                                           "/steps/2/config/url invalid_expression",
                                                           "/steps/3/config/set/a invalid_expression"}))
      << dump(r.errors);
  for (const auto& p : r.errors) {
    EXPECT_GT(p.position, 0u) << p.to_string();
    EXPECT_NE(p.message.find("column"), std::string::npos) << p.to_string();
  }
  EXPECT_EQ(r.errors[0].position, 13u);
}

TEST(validator, expressions_may_only_read_steps_that_exist) {
  auto r = check(R"({"steps": [
    {"id": "input", "type": "input", "next": "t"},
    {"id": "t", "type": "transform", "config": {"set": {
        "a": "$.input.x + $.vars.y + $.execution.id", "b": "$.nowhere.z", "c": "$['also missing']"}}, "next": "o"},
    {"id": "o", "type": "output", "config": {"value": "$.t"}}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/steps/1/config/set/b unknown_reference",
                                                           "/steps/1/config/set/c unknown_reference"}))
      << dump(r.errors);
}

TEST(validator, reading_a_step_that_cannot_have_run_yet_is_a_warning) {
  auto r = check(R"({"steps": [
    {"id": "input", "type": "input", "next": ["a", "b"]},
    {"id": "a", "type": "transform", "config": {"set": {"x": "$.b.y"}}},
    {"id": "b", "type": "transform", "config": {"set": {"y": "1"}}}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_EQ(summary(r.warnings), std::multiset<std::string>{"/steps/1/config/set/x reference_not_upstream"});
}

TEST(validator, routes_that_cannot_be_taken_are_errors) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": "c"},
    {"id": "c", "type": "condition", "config": {"conditions": [{"condition": "true", "next": "a"}]}, "next": "b"},
    {"id": "a", "type": "log", "config": {"message": "m"}, "next": "note"},
    {"id": "b", "type": "log", "config": {"message": "m"}},
    {"id": "note", "type": "comment", "config": {"text": "why"}}],
   "edges": [{"from": "a", "to": "b", "handle": "case_9"}, {"from": "c", "to": "b", "handle": "case_0"}]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/steps/1/next invalid_route",
                                                           "/steps/2/next invalid_route",
                                                           "/edges/0 invalid_route"}))
      << dump(r.errors);
}

TEST(validator, a_free_standing_comment_is_fine) {
  auto r = check(R"({"steps": [{"id": "t", "type": "trigger"}, {"id": "note", "type": "comment", "config": {"text": "hi"}}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_TRUE(r.warnings.empty()) << dump(r.warnings);
}

TEST(validator, entry_steps_beside_a_trigger_get_a_warning) {
  auto r = check(R"({"steps": [
    {"id": "t", "type": "trigger", "next": "a"},
    {"id": "a", "type": "log", "config": {"message": "m"}},
    {"id": "stray", "type": "log", "config": {"message": "m"}}]})");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(summary(r.warnings), std::multiset<std::string>{"/steps/2 orphan_step"});
}

TEST(validator, every_problem_is_reported_at_once) {
  auto r = check(R"({"steps": [
    {"id": "start", "type": "trigger", "next": ["x", "ghost"]},
    {"id": "x", "type": "teleport"},
    {"id": "x", "type": "log", "config": {"level": "loud"}},
    {"id": "e", "type": "transform", "config": {"set": {"a": "$.nope + "}}, "next": "f"},
    {"id": "f", "type": "log", "config": {"message": "{{ $.who.name }}"}, "next": "e"}]})");
  std::set<std::string> codes;
  for (const auto& p : r.errors) codes.insert(p.code);
  EXPECT_EQ(codes, (std::set<std::string>{"unknown_step_type", "duplicate_step_id", "dangling_reference",
                                          "invalid_config", "invalid_expression", "unknown_reference", "cycle"}))
      << dump(r.errors);
}

TEST(validator, react_flow_documents_are_validated_with_pointers_into_the_nodes) {
  auto r = check(R"({
    "nodes": [
      {"id": "start", "type": "manualTrigger", "position": {"x": 0, "y": 0}, "data": {"label": "Start"}},
      {"id": "call", "type": "http", "position": {"x": 100, "y": 0}, "data": {"label": "Call", "config": {"method": "GET"}}},
      {"id": "bad", "type": "nope", "position": {"x": 200, "y": 0}, "data": {}}
    ],
    "edges": [
      {"id": "e1", "source": "start", "target": "call"},
      {"id": "e2", "source": "call", "target": "ghost"},
      {"id": "e3", "source": "call", "target": "bad"}
    ]})");
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/nodes/1/data/config invalid_config",
                                                           "/nodes/2/type unknown_step_type",
                                                           "/edges/1/target dangling_reference"}))
      << dump(r.errors);
  EXPECT_EQ(r.canonical["steps"][1]["name"], "Call");
}

TEST(validator, a_valid_react_flow_document_gives_its_canonical_form) {
  auto r = check(R"({
    "nodes": [
      {"id": "start", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "Start"}},
      {"id": "log", "type": "log", "position": {"x": 100, "y": 0}, "data": {"config": {"message": "hi"}}}
    ],
    "edges": [{"id": "e1", "source": "start", "target": "log", "sourceHandle": null}]})");
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  EXPECT_EQ(r.canonical["edges"][0]["from"], "start");
}

// Nests `levels` arrays inside `slot` in place: no recursive copies of the deep value.
void nest_in_place(json& slot, int levels) {
  json* cursor = &slot;
  for (int i = 0; i < levels; ++i) {
    *cursor = json::array({nullptr});
    cursor = &(*cursor)[0];
  }
  *cursor = "leaf";
}

// Takes a deep value apart level by level, so that no recursive destructor runs on it.
void flatten(json& value) {
  while (value.is_structured() && !value.empty()) {
    json inner = std::move(value.is_array() ? value[0] : value.begin().value());
    value = std::move(inner);
  }
}

TEST(validator, config_nested_beyond_64_levels_is_refused_without_walking_it) {
  json doc = {{"steps", {{{"id", "t"}, {"type", "comment"}, {"config", {{"deep", nullptr}}}}}}};
  nest_in_place(doc["steps"][0]["config"]["deep"], 100);
  auto r = check(doc);
  ASSERT_EQ(r.errors.size(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].code, "invalid_config");
  EXPECT_NE(r.errors[0].message.find("deeper than 64 levels"), std::string::npos);
  EXPECT_EQ(r.errors[0].pointer.rfind("/steps/0/config/deep/0/0/", 0), 0u);
}

TEST(validator, documents_deeper_than_bounded_input_allows_are_refused_whole) {
  json doc = {{"steps", {{{"id", "t"}, {"type", "transform"}, {"config", {{"set", {{"x", "1"}}}, {"deep", nullptr}}}}}}};
  json& deep = doc["steps"][0]["config"]["deep"];
  nest_in_place(deep, 20000);
  auto r = check(doc);
  ASSERT_EQ(r.errors.size(), 1u) << dump(r.errors);
  EXPECT_EQ(r.errors[0].code, "invalid_definition");
  EXPECT_NE(r.errors[0].message.find("deeper than 128"), std::string::npos);
  EXPECT_FALSE(validate_step(doc["steps"][0], {}, nodes::registry::builtin()).ok());
  flatten(deep);
}

// validate-step (seed 000)
validation_report check_step(const char* step, std::vector<std::string> available) {
  return validate_step(json::parse(step), available, nodes::registry::builtin());
}

TEST(validate_step, the_seed_example_is_valid_with_a_simplification_warning) {
  auto r = check_step(R"({"id": "decision", "type": "condition", "name": "Check Enrichment Success",
    "config": {"conditions": [{"condition": "$.enrich_data.success == true", "next": "output_success"}],
               "default": "output_failure"}})",
                      {"input", "lookup", "enrich_data", "output_success", "output_failure"});
  EXPECT_TRUE(r.ok()) << dump(r.errors);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "expression_simplification");
  EXPECT_EQ(r.warnings[0].message,
            "The expression '$.enrich_data.success == true' could be simplified to '$.enrich_data.success'");
}

TEST(validate_step, references_and_routes_outside_the_available_steps_are_errors) {
  auto r = check_step(R"({"id": "decision", "type": "condition",
    "config": {"conditions": [{"condition": "$.missing.ok", "next": "nowhere"}], "default": "output_failure"}})",
                      {"input", "output_failure"});
  EXPECT_EQ(summary(r.errors), (std::multiset<std::string>{"/config/conditions/0/next dangling_reference",
                                                           "/config/conditions/0/condition unknown_reference"}))
      << dump(r.errors);
}

TEST(validate_step, without_available_steps_references_are_not_checked) {
  auto r = check_step(R"({"id": "t", "type": "transform", "config": {"set": {"x": "$.anything.at.all"}}})", {});
  EXPECT_TRUE(r.ok()) << dump(r.errors);
}

TEST(validate_step, type_id_and_config_problems) {
  EXPECT_EQ(summary(check_step(R"({"id": "x"})", {}).errors), std::multiset<std::string>{"/type invalid_definition"});
  EXPECT_EQ(summary(check_step(R"({"id": "x", "type": "teleport"})", {}).errors),
            std::multiset<std::string>{"/type unknown_step_type"});
  EXPECT_EQ(summary(check_step(R"({"type": "log", "config": {"message": "m"}})", {}).errors),
            std::multiset<std::string>{"/id invalid_definition"});
  EXPECT_EQ(summary(check_step(R"({"id": "l", "type": "log", "config": {"message": "{{ 1 + }}"}})", {}).errors),
            std::multiset<std::string>{"/config/message invalid_expression"});
  EXPECT_EQ(summary(check_step(R"({"id": "h", "type": "http", "config": {"url": 7}})", {}).errors),
            std::multiset<std::string>{"/config/url invalid_config"});
  EXPECT_EQ(summary(check_step("[1]", {}).errors), std::multiset<std::string>{" invalid_definition"});
}

TEST(validate_step, accepts_a_react_flow_node) {
  auto r = check_step(R"({"id": "h", "type": "http_request", "position": {"x": 1, "y": 2},
                          "data": {"label": "Call", "config": {"url": "http://x/{{ $.input.id }}"}}})",
                      {"input"});
  EXPECT_TRUE(r.ok()) << dump(r.errors);
}

}  // namespace
}  // namespace weft::core
