// The step registry and the JSON Schemas behind it: every type has a draft-07 schema that
// compiles, every schema belongs to a type, and each schema accepts and refuses what the
// documentation says.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "nodes/registry.hpp"
#include "schemas/embedded.hpp"
#include "schemas/json_schema.hpp"

namespace weft {
namespace {

using nlohmann::json;

const nodes::registry& reg() { return nodes::registry::builtin(); }

std::vector<core::problem> config_problems(const std::string& type, const json& config) {
  const auto* info = reg().find(type);
  EXPECT_NE(info, nullptr) << type;
  std::vector<core::problem> out;
  if (info) reg().check_config(*info, config, "/config", out);
  return out;
}

TEST(step_schemas, every_type_has_a_draft7_schema) {
  ASSERT_EQ(reg().types().size(), 24u);
  for (const auto& t : reg().types()) {
    auto text = schemas::find_embedded("steps/" + t.info.type);
    ASSERT_FALSE(text.empty()) << t.info.type;
    json schema = json::parse(text);
    EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#") << t.info.type;
    EXPECT_EQ(schema["type"], "object") << t.info.type;
  }
}

TEST(step_schemas, every_embedded_schema_belongs_to_a_type_or_is_the_definition) {
  for (const auto& f : schemas::embedded_files()) {
    std::string name(f.name);
    if (name == "workflow") continue;
    ASSERT_EQ(name.rfind("steps/", 0), 0u) << name;
    EXPECT_NE(reg().find(name.substr(6)), nullptr) << name;
  }
}

TEST(step_schemas, schemas_that_are_not_schemas_do_not_compile) {
  std::string why;
  EXPECT_FALSE(schemas::json_schema::compile(json::parse(R"({"type": 5})"), why));
  EXPECT_FALSE(why.empty());
}

TEST(step_schemas, aliases_find_their_canonical_type) {
  const std::pair<const char*, const char*> aliases[] = {
      {"manualTrigger", "trigger"}, {"manual_trigger", "trigger"}, {"manualInput", "input"},
      {"addField", "transform"},    {"set", "transform"},          {"http_request", "http"},
      {"merge", "join"},            {"foreach", "loop"},           {"excelInput", "csvInput"}};
  for (const auto& [alias, type] : aliases) {
    const auto* info = reg().find(alias);
    ASSERT_NE(info, nullptr) << alias;
    EXPECT_EQ(info->type, type) << alias;
  }
  EXPECT_EQ(reg().find("teleport"), nullptr);
  EXPECT_EQ(reg().find(""), nullptr);
}

TEST(step_schemas, tier_classes_follow_the_spec) {
  for (const char* t : {"trigger", "input", "output", "condition", "transform", "http", "delay", "log", "comment", "fail"}) {
    EXPECT_EQ(reg().find(t)->tier, core::step_class::basic) << t;
  }
  for (const char* t : {"parallel", "join", "loop", "aggregate", "subworkflow", "wait_for_signal", "llm", "csvInput",
                        "splitColumns", "saveRecords", "fetchData", "sendEmail", "webhook", "schedule"}) {
    EXPECT_EQ(reg().find(t)->tier, core::step_class::advanced) << t;
  }
  for (const char* t : {"trigger", "input", "webhook", "schedule"}) EXPECT_TRUE(reg().find(t)->trigger) << t;
  EXPECT_FALSE(reg().find("http")->trigger);
}

struct config_case {
  const char* type;
  const char* config;
  bool valid;
};

class step_config : public ::testing::TestWithParam<config_case> {};

TEST_P(step_config, accepted_or_refused) {
  const auto& c = GetParam();
  auto problems = config_problems(c.type, json::parse(c.config));
  std::string listed;
  for (const auto& p : problems) listed += p.to_string() + "\n";
  EXPECT_EQ(problems.empty(), c.valid) << c.type << " " << c.config << "\n" << listed;
  for (const auto& p : problems) {
    EXPECT_EQ(p.code, "invalid_config");
    EXPECT_EQ(p.pointer.rfind("/config", 0), 0u) << p.pointer;
  }
}

INSTANTIATE_TEST_SUITE_P(basic, step_config, ::testing::Values(
    config_case{"trigger", "{}", true},
    config_case{"trigger", R"({"sample_input": {"a": 1}})", true},
    config_case{"trigger", R"({"cron": "* * * * *"})", false},
    config_case{"input", R"({"defaults": {"n": 1}})", true},
    config_case{"input", R"({"defaults": 5})", false},
    config_case{"output", R"({"value": "$.x"})", true},
    config_case{"output", R"({"value": {"literal": true}})", true},
    config_case{"output", R"({"valu": "$.x"})", false},
    config_case{"condition", R"({"conditions": [{"condition": "$.a", "next": "b"}], "default": "c"})", true},
    config_case{"condition", R"({"conditions": [{"condition": "$.a", "next": ["b", "c"], "handle": "yes"}]})", true},
    config_case{"condition", R"({"conditions": [{"next": "b"}]})", false},
    config_case{"condition", R"({"conditions": [{"condition": ""}]})", false},
    config_case{"condition", R"({"default": "c"})", false},
    config_case{"condition", R"({"conditions": [{"condition": "$.a", "next": 3}]})", false},
    config_case{"transform", R"({"set": {"a": "1", "b": 2}})", true},
    config_case{"transform", R"({"remove": ["secret"]})", true},
    config_case{"transform", R"({"set": {"a": "1"}, "keep_input": true})", true},
    config_case{"transform", "{}", false},
    config_case{"transform", R"({"set": []})", false},
    config_case{"http", R"({"url": "http://x"})", true},
    config_case{"http", R"({"method": "POST", "url": "http://x", "headers": {"A": "b"}, "query": {"q": 1},
                            "body": {"x": "{{ $.a }}"}, "timeout_ms": 500, "fail_on_status": false,
                            "response_type": "json"})", true},
    config_case{"http", R"({"url": "http://x", "timeout_ms": "$.input.t"})", true},
    config_case{"http", R"({"url": ""})", false},
    config_case{"http", R"({"url": "http://x", "method": "get"})", false},
    config_case{"http", R"({"url": "http://x", "timeout_ms": 0})", false},
    config_case{"http", R"({"url": "http://x", "headers": {"A": ["b"]}})", false},
    config_case{"delay", R"({"duration_ms": 1000})", true},
    config_case{"delay", R"({"duration_ms": "$.input.wait"})", true},
    config_case{"delay", R"({"until": "$.input.when"})", true},
    config_case{"delay", R"({"duration_ms": 1, "until": "x"})", false},
    config_case{"delay", R"({"duration_ms": -1})", false},
    config_case{"delay", "{}", false},
    config_case{"log", R"({"message": "hi", "level": "warn"})", true},
    config_case{"log", R"({"message": "hi", "level": "trace"})", false},
    config_case{"log", "{}", false},
    config_case{"comment", R"({"text": "anything", "color": "yellow"})", true},
    config_case{"fail", R"({"message": "no", "code": "payment_failed"})", true},
    config_case{"fail", R"({"code": "Not A Code"})", false}));

INSTANTIATE_TEST_SUITE_P(advanced, step_config, ::testing::Values(
    config_case{"parallel", "{}", true},
    config_case{"join", R"({"mode": "array"})", true},
    config_case{"join", R"({"mode": "by_key", "key": "id"})", true},
    config_case{"join", R"({"mode": "by_key"})", false},
    config_case{"join", R"({"mode": "zip"})", false},
    config_case{"loop", R"({"items": "$.a", "body": "b", "concurrency": 4})", true},
    config_case{"loop", R"({"items": "$.a", "workflow_id": "wf-2", "failure_policy": "continue"})", true},
    config_case{"loop", R"({"items": "$.a"})", false},
    config_case{"loop", R"({"items": "$.a", "body": "b", "workflow_id": "w"})", false},
    config_case{"loop", R"({"items": "$.a", "body": "b", "concurrency": 0})", false},
    config_case{"aggregate", R"({"items": "$.a", "operation": "sum", "field": "n"})", true},
    config_case{"aggregate", R"({"items": "$.a", "operation": "median"})", false},
    config_case{"subworkflow", R"({"workflow_id": "w", "workflow_version": 2, "input": "$.x", "wait": true})", true},
    config_case{"subworkflow", "{}", false},
    config_case{"wait_for_signal", R"({"name": "approve", "timeout_ms": 1000, "default": {"ok": false}})", true},
    config_case{"wait_for_signal", R"({"name": "has space"})", false},
    config_case{"llm", R"({"model": "gpt", "messages": [{"role": "user", "content": "hi"}], "json_mode": true})", true},
    config_case{"llm", R"({"model": "gpt", "prompt": "Summarise {{ $.doc.text }}"})", true},
    config_case{"llm", R"({"model": "gpt"})", false},
    config_case{"llm", R"({"model": "gpt", "messages": [{"role": "robot", "content": "hi"}]})", false},
    config_case{"llm", R"({"model": "gpt", "prompt": "x", "temperature": 3})", false},
    config_case{"csvInput", R"({"csv": "a,b\n1,2", "delimiter": ";", "header": true, "types": {"a": "number"}})", true},
    config_case{"csvInput", R"({"csv": "a", "delimiter": ";;"})", false},
    config_case{"splitColumns", R"({"column": "name", "delimiter": " ", "into": ["first", "last"]})", true},
    config_case{"splitColumns", R"({"column": "name"})", false},
    config_case{"saveRecords", R"({"collection": "orders", "records": "$.rows", "key": "id"})", true},
    config_case{"saveRecords", R"({"collection": "../etc", "records": "$.rows"})", false},
    config_case{"fetchData", R"({"collection": "orders", "filter": {"status": "open"}, "limit": 10})", true},
    config_case{"fetchData", R"({"collection": "orders", "limit": 0})", false},
    config_case{"sendEmail", R"({"from": "w@b.c", "to": "a@b.c", "subject": "s", "body": "b", "smtp": {"host": "mx"}})", true},
    config_case{"sendEmail", R"({"from": "w@b.c", "to": "a@b.c", "subject": "s", "body": "b"})", false},
    config_case{"sendEmail", R"({"from": "w@b.c", "to": "a@b.c", "subject": "s", "body": "b", "smtp": {"host": "mx", "tls": "maybe"}})", false},
    config_case{"sendEmail", R"({"to": "a@b.c"})", false},
    config_case{"webhook", R"({"path": "orders/new", "secret": "hook_key", "respond": "on_completion"})", true},
    config_case{"webhook", R"({"path": "a b"})", false},
    config_case{"schedule", R"({"cron": "*/5 * * * *", "timezone": "UTC", "missed": "skip"})", true},
    config_case{"schedule", R"({"cron": "*/5 * * * *", "missed": "always"})", false}));

}  // namespace
}  // namespace weft
