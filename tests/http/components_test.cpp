// The component routes against the real server: every registered step type with the
// metadata an editor needs (parameters from its config schema, handles), aliases resolving
// to their canonical type, seed 001's { success, data } shape, and the refusals.
#include <set>

#include <gtest/gtest.h>

#include "nodes/registry.hpp"
#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

class components_test : public node_stack {};

json find_parameter(const json& component, const std::string& name) {
  for (const auto& p : component["parameters"]) {
    if (p["name"] == name) return p;
  }
  return json();
}

TEST_F(components_test, every_registered_type_is_listed_once_with_what_an_editor_draws) {
  auto r = http_->request("GET", "/api/components", "", headers());
  ASSERT_EQ(r.status, 200) << r.body;
  const json list = r.json()["components"];
  ASSERT_EQ(list.size(), nodes::registry::builtin().types().size());
  EXPECT_EQ(r.json()["total"], list.size());
  std::set<std::string> types;
  for (const auto& c : list) {
    EXPECT_TRUE(types.insert(c["type"].get<std::string>()).second) << c["type"];
    for (const char* key : {"name", "description", "category", "icon", "color", "tier"}) {
      ASSERT_TRUE(c[key].is_string()) << c["type"] << " " << key;
      EXPECT_FALSE(c[key].get<std::string>().empty()) << c["type"] << " " << key;
    }
    EXPECT_TRUE(c["parameters"].is_array());
    EXPECT_TRUE(c["config_schema"].is_object());
    for (const auto& p : c["parameters"]) {
      const std::set<std::string> kinds = {"string", "textarea", "number", "boolean", "select", "json", "secret"};
      EXPECT_TRUE(kinds.count(p["type"].get<std::string>())) << c["type"] << "." << p["name"] << " " << p["type"];
    }
  }
  EXPECT_TRUE(types.count("http"));
  EXPECT_FALSE(types.count("http_request")) << "aliases are not listed as types of their own";
}

TEST_F(components_test, parameters_come_from_the_config_schema) {
  const json http = http_->request("GET", "/api/components/http", "", headers()).json();
  EXPECT_EQ(http["name"], "HTTP Request");
  EXPECT_EQ(http["tier"], "basic");
  EXPECT_EQ(http["aliases"], json({"http_request"}));
  const json url = find_parameter(http, "url");
  EXPECT_EQ(url["type"], "string");
  EXPECT_EQ(url["required"], true);
  const json method = find_parameter(http, "method");
  EXPECT_EQ(method["type"], "select");
  EXPECT_EQ(method["required"], false);
  EXPECT_EQ(method["options"][0], "GET");
  const json timeout = find_parameter(http, "timeout_ms");
  EXPECT_EQ(timeout["type"], "number");
  EXPECT_EQ(timeout["expression"], true);
  EXPECT_EQ(timeout["label"], "Timeout ms");
  EXPECT_EQ(find_parameter(http, "fail_on_status")["type"], "boolean");
  EXPECT_EQ(find_parameter(http, "headers")["type"], "json");
}

// A form is drawn in the parameters' order: the schema file's, with what a request needs
// first (method, url), and every default the step applies shown as the field's value.
TEST_F(components_test, parameters_keep_the_schemas_order_and_the_steps_defaults) {
  const json http = http_->request("GET", "/api/components/http", "", headers()).json();
  std::vector<std::string> names;
  for (const auto& p : http["parameters"]) names.push_back(p["name"]);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "method");
  EXPECT_EQ(names[1], "url");
  EXPECT_EQ(find_parameter(http, "method")["default"], "GET");
  EXPECT_EQ(find_parameter(http, "fail_on_status")["default"], true) << "a 4xx/5xx answer fails the step unless told otherwise";
  EXPECT_EQ(find_parameter(http, "response_type")["default"], "auto");
  // Credentials come from a tenant secret, picked by name: auth right after the URL.
  EXPECT_EQ(names[2], "auth");
  EXPECT_EQ(find_parameter(http, "auth")["default"], "none");
  EXPECT_EQ(find_parameter(http, "auth_secret")["type"], "secret");
}

TEST_F(components_test, handles_follow_the_graph_rules) {
  auto handles = [this](const std::string& type) {
    const json c = http_->request("GET", "/api/components/" + type, "", headers()).json();
    std::vector<std::string> in, out;
    for (const auto& h : c["input_handles"]) in.push_back(h["id"]);
    for (const auto& h : c["output_handles"]) out.push_back(h["id"]);
    return std::make_tuple(in, out, c["dynamic_outputs"].get<bool>());
  };
  EXPECT_EQ(handles("http"), std::make_tuple(std::vector<std::string>{"input"}, std::vector<std::string>{"out", "error"}, false));
  EXPECT_EQ(handles("trigger"), std::make_tuple(std::vector<std::string>{}, std::vector<std::string>{"out", "error"}, false));
  EXPECT_EQ(handles("condition"),
            std::make_tuple(std::vector<std::string>{"input"}, std::vector<std::string>{"default", "error"}, true));
  EXPECT_EQ(handles("loop"),
            std::make_tuple(std::vector<std::string>{"input"}, std::vector<std::string>{"out", "body", "error"}, false));
  EXPECT_EQ(handles("comment"), std::make_tuple(std::vector<std::string>{}, std::vector<std::string>{}, false));
}

TEST_F(components_test, an_alias_finds_its_canonical_type) {
  const json c = http_->request("GET", "/api/components/set", "", headers()).json();
  EXPECT_EQ(c["type"], "transform");
}

TEST_F(components_test, seed001_routes_answer_success_and_data_with_only_a_bearer_token) {
  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + token()}};
  auto list = http_->request("GET", "/api/workflow/components", "", bearer);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["success"], true);
  EXPECT_EQ(list.json()["data"].size(), nodes::registry::builtin().types().size());
  auto one = http_->request("GET", "/api/workflow/components/manualTrigger", "", bearer);
  EXPECT_EQ(one.json()["success"], true);
  EXPECT_EQ(one.json()["data"]["type"], "trigger");
  auto unknown = http_->request("GET", "/api/workflow/components/teleport", "", bearer);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["success"], false);
  EXPECT_EQ(unknown.json()["error"]["code"], "not_found");
}

TEST_F(components_test, unknown_types_and_missing_tokens_are_refused) {
  auto unknown = http_->request("GET", "/api/components/teleport", "", headers());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["error"]["code"], "not_found");
  EXPECT_EQ(http_->request("GET", "/api/components", "", {}).status, 401);
  EXPECT_EQ(http_->request("GET", "/api/workflow/components", "", {{"Authorization", "Bearer forged"}}).status, 401);
}

}  // namespace
}  // namespace weft::http
