// Step-level diffs between versions.
#include <gtest/gtest.h>

#include "core/diff.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

TEST(diff, reports_added_removed_and_changed_steps_with_their_fields) {
  json v1 = json::parse(R"({"name": "a", "steps": [
    {"id": "in", "type": "input", "next": "t"},
    {"id": "t", "type": "transform", "config": {"set": {"x": "1"}}, "next": "out"},
    {"id": "old", "type": "log", "config": {"message": "m"}},
    {"id": "out", "type": "output"}]})");
  json v2 = json::parse(R"({"name": "b", "description": "new", "steps": [
    {"id": "out", "type": "output"},
    {"id": "in", "type": "input", "next": "t"},
    {"id": "t", "type": "transform", "name": "T", "config": {"set": {"x": "2"}}, "next": "new"},
    {"id": "new", "type": "log", "config": {"message": "m"}, "next": "out"}]})");
  auto d = diff_definitions(v1, v2);
  EXPECT_EQ(d.added, std::vector<std::string>{"new"});
  EXPECT_EQ(d.removed, std::vector<std::string>{"old"});
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].step_id, "t");
  EXPECT_EQ(d.changed[0].fields, (std::vector<std::string>{"config", "name", "next"}));
  EXPECT_EQ(d.workflow_fields, (std::vector<std::string>{"description", "name"}));
  EXPECT_EQ(to_json(d)["changed"][0]["step_id"], "t");
}

TEST(diff, identical_definitions_have_no_differences) {
  json v = json::parse(R"({"steps": [{"id": "a", "type": "trigger"}]})");
  auto d = diff_definitions(v, v);
  EXPECT_TRUE(d.added.empty() && d.removed.empty() && d.changed.empty() && d.workflow_fields.empty());
}

TEST(diff, react_flow_documents_compare_by_their_canonical_form) {
  json rf = json::parse(R"({"nodes": [{"id": "a", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "A"}}],
                            "edges": []})");
  json canonical = json::parse(R"({"steps": [{"id": "a", "type": "trigger", "position": {"x": 0, "y": 0}, "name": "B"}],
                                   "edges": []})");
  auto d = diff_definitions(rf, canonical);
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].fields, std::vector<std::string>{"name"});
}

TEST(diff, malformed_documents_do_not_throw) {
  auto d = diff_definitions(json::parse("[1]"), json::parse(R"({"steps": [5, {"id": 3}]})"));
  EXPECT_TRUE(d.added.empty());
}

}  // namespace
}  // namespace weft::core
