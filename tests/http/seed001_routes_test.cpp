// Seed 001's REST routes against the real server and runtime, as its clients call them:
// only a bearer token, `{ success, data }` answers, instances in React Flow form, and
// execute / status / logs / stop acting on an instance's latest execution.
#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

// What seed 001's editor keeps: React Flow nodes and edges.
const json workflow_data = json::parse(R"({
  "nodes": [
    {"id": "start", "type": "input", "position": {"x": 0, "y": 0}, "data": {"label": "Start"}},
    {"id": "double", "type": "transform", "position": {"x": 200, "y": 0},
     "data": {"label": "Double", "config": {"set": {"n": "$.input.n * 2"}}}},
    {"id": "pause", "type": "delay", "position": {"x": 400, "y": 0}, "data": {"label": "Pause", "config": {"duration_ms": "$.input.pause_ms"}}},
    {"id": "done", "type": "output", "position": {"x": 600, "y": 0}, "data": {"label": "Done", "config": {"value": "$.double"}}}],
  "edges": [
    {"id": "e1", "source": "start", "target": "double"},
    {"id": "e2", "source": "double", "target": "pause"},
    {"id": "e3", "source": "pause", "target": "done"}]})");

class seed001_routes_test : public node_stack {
 protected:
  std::map<std::string, std::string> bearer(const std::string& tenant = "acme") {
    return {{"Authorization", "Bearer " + token(tenant)}};
  }
  weft::testing::http_reply call(const std::string& method, const std::string& path, const json& body = nullptr,
                                    const std::string& tenant = "acme") {
    return http_->request(method, path, body.is_null() ? "" : body.dump(), bearer(tenant));
  }
  std::string create_instance() {
    auto r = call("POST", "/api/workflow/instances", {{"name", "Doubler"}, {"workflow_data", workflow_data}});
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["success"], true);
    return r.json()["data"].value("instance_id", "");
  }
};

TEST_F(seed001_routes_test, an_instance_is_created_listed_and_read_back_in_react_flow_form) {
  const std::string id = create_instance();
  auto list = call("GET", "/api/workflow/instances");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["data"].size(), 1u);
  EXPECT_EQ(list.json()["data"][0]["instance_id"], id);
  EXPECT_EQ(list.json()["data"][0]["name"], "Doubler");
  auto one = call("GET", "/api/workflow/instances/" + id);
  ASSERT_EQ(one.status, 200);
  const json data = one.json()["data"]["workflow_data"];
  ASSERT_EQ(data["nodes"].size(), 4u);
  EXPECT_EQ(data["nodes"][1]["id"], "double");
  EXPECT_EQ(data["nodes"][1]["data"]["label"], "Double");
  EXPECT_EQ(data["nodes"][1]["position"], json({{"x", 200}, {"y", 0}}));
  EXPECT_EQ(data["edges"].size(), 3u);
}

TEST_F(seed001_routes_test, execute_status_and_logs_follow_the_latest_execution) {
  const std::string id = create_instance();
  auto idle = call("GET", "/api/workflow/instances/" + id + "/status");
  EXPECT_EQ(idle.json()["data"]["status"], "idle");
  auto started = call("POST", "/api/workflow/instances/" + id + "/execute", {{"n", 21}, {"pause_ms", 1}});
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string execution = started.json()["data"]["execution_id"];
  EXPECT_EQ(http_->request("GET", "/api/executions/" + execution + "?wait_ms=10000", "", headers()).status, 200);
  auto status = call("GET", "/api/workflow/instances/" + id + "/status");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json()["data"]["execution_id"], execution);
  EXPECT_EQ(status.json()["data"]["instance_id"], id);
  EXPECT_EQ(status.json()["data"]["status"], "completed");
  EXPECT_EQ(status.json()["data"]["output"], json({{"n", 42}}));
  auto logs = call("GET", "/api/workflow/instances/" + id + "/logs");
  EXPECT_EQ(logs.json()["data"]["execution_id"], execution);
  EXPECT_TRUE(logs.json()["data"]["logs"].is_array());
}

TEST_F(seed001_routes_test, stop_cancels_a_running_execution) {
  const std::string id = create_instance();
  auto started = call("POST", "/api/workflow/instances/" + id + "/execute", {{"input", {{"n", 1}, {"pause_ms", 60000}}}});
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string execution = started.json()["data"]["execution_id"];
  auto stopped = call("POST", "/api/workflow/instances/" + id + "/stop");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(stopped.json()["data"]["stopped"], true);
  auto state = http_->request("GET", "/api/executions/" + execution + "?wait_ms=10000", "", headers());
  EXPECT_EQ(state.json()["status"], "cancelled");
  EXPECT_EQ(call("POST", "/api/workflow/instances/" + id + "/stop").json()["data"]["stopped"], false);
}

TEST_F(seed001_routes_test, the_editor_saves_new_versions_loads_and_lists) {
  auto saved = call("POST", "/api/workflow/editor/save",
                    {{"name", "Edited"}, {"nodes", workflow_data["nodes"]}, {"edges", workflow_data["edges"]}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const std::string id = saved.json()["data"]["workflow_id"];
  EXPECT_EQ(saved.json()["data"]["version"], 1);
  json fewer = workflow_data;
  fewer["nodes"][1]["data"]["label"] = "Twice";
  auto again = call("POST", "/api/workflow/editor/save",
                    {{"workflow_id", id}, {"name", "Edited"}, {"nodes", fewer["nodes"]}, {"edges", fewer["edges"]}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["data"]["version"], 2);
  auto loaded = call("GET", "/api/workflow/editor/load/" + id);
  ASSERT_EQ(loaded.status, 200);
  EXPECT_EQ(loaded.json()["data"]["nodes"][1]["data"]["label"], "Twice");
  EXPECT_EQ(loaded.json()["data"]["edges"].size(), 3u);
  auto list = call("GET", "/api/workflow/editor/list");
  ASSERT_EQ(list.json()["data"].size(), 1u);
  EXPECT_EQ(list.json()["data"][0]["workflow_id"], id);
}

TEST_F(seed001_routes_test, bad_input_other_tenants_and_missing_tokens_get_the_seed_error_shape) {
  const std::string id = create_instance();
  auto invalid = call("POST", "/api/workflow/instances",
                      {{"name", "Broken"}, {"workflow_data", {{"nodes", {{{"id", "x"}, {"type", "teleport"}}}}, {"edges", json::array()}}}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.json()["success"], false);
  EXPECT_EQ(invalid.json()["error"]["code"], "invalid_workflow_definition");
  EXPECT_EQ(invalid.json()["error"]["details"]["errors"][0]["pointer"].get<std::string>().rfind("/nodes/0", 0), 0u);
  auto nameless = call("POST", "/api/workflow/instances", {{"workflow_data", workflow_data}});
  EXPECT_EQ(nameless.status, 400);
  EXPECT_EQ(nameless.json()["success"], false);
  auto malformed = http_->request("POST", "/api/workflow/editor/save", "{nope", bearer());
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.json()["success"], false);
  for (const std::string& path : {"/api/workflow/instances/" + id, "/api/workflow/instances/" + id + "/status",
                                 "/api/workflow/editor/load/" + id}) {
    auto foreign = call("GET", path, nullptr, "globex");
    EXPECT_EQ(foreign.status, 404) << path;
    EXPECT_EQ(foreign.json()["error"]["code"], "workflow_not_found") << path;
  }
  EXPECT_EQ(call("POST", "/api/workflow/instances/" + id + "/execute", json::object(), "globex").status, 404);
  EXPECT_TRUE(call("GET", "/api/workflow/instances", nullptr, "globex").json()["data"].empty());
  EXPECT_EQ(http_->request("GET", "/api/workflow/instances", "", {}).status, 401);
}

}  // namespace
}  // namespace weft::http
