// A custom component's step against a local stand-in endpoint, without the engine: how the
// endpoint's answers and its silences become the step's result.
#include <gtest/gtest.h>

#include "nodes/custom_component.hpp"
#include "nodes/http_client.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;
using weft::testing::stub_request;
using weft::testing::stub_response;
using weft::testing::stub_server;

class custom_component_test : public ::testing::Test {
 protected:
  // /slow answers after 1 s; anything else echoes the config.
  stub_server endpoint_{[](const stub_request& r) {
    if (r.target == "/slow") return stub_response{200, "application/json", "{}", 1000};
    return stub_response{200, "application/json", json{{"seen", json::parse(r.body)["config"]}}.dump()};
  }};

  step_result run(const std::string& path, std::int64_t endpoint_timeout_ms, std::optional<std::int64_t> step_timeout_ms) {
    registration_ = {{"type", "scorer"},
                     {"name", "Scorer"},
                     {"endpoint", {{"url", "http://127.0.0.1:" + std::to_string(endpoint_.port()) + path}, {"timeout_ms", endpoint_timeout_ms}}}};
    env_.component = [this](const std::string&, const std::string& type) -> std::optional<json> {
      return type == "scorer" ? std::optional<json>(registration_) : std::nullopt;
    };
    step_ = core::parse_workflow(json{{"steps", {{{"id", "score"}, {"type", "scorer"}, {"config", {{"min", 3}}}}}}}).steps.front();
    step_.timeout_ms = step_timeout_ms;
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    ctx.tenant = "acme";
    ctx.env = &env_;
    return wait_for(start_custom_step(ctx, "ex_1:score"));
  }

  json registration_;
  step_environment env_;
  json context_ = {{"input", {{"employees", 5}}}, {"execution", {{"id", "ex_1"}}}};
  core::step step_;
};

TEST_F(custom_component_test, the_answer_is_the_output) {
  const step_result r = run("/score", 5000, std::nullopt);
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output, json({{"seen", {{"min", 3}}}}));
}

// The step's timeout_ms is the attempt's limit whichever timer sees it pass first (the
// call's own deadline or the supervisor's): it is a timeout like any step's, not an outside
// failure. Before, the call's deadline winning the race made it external_service_error.
TEST_F(custom_component_test, the_steps_own_timeout_is_a_timeout) {
  const step_result r = run("/slow", 5000, 200);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "timeout") << r.error.dump();
}

// The endpoint's timeout_ms is the component's promise, so its passing is the component's
// failure (docs/components.md): external_service_error with the cause.
TEST_F(custom_component_test, the_endpoints_timeout_is_the_components_failure) {
  const step_result r = run("/slow", 200, std::nullopt);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "external_service_error") << r.error.dump();
  EXPECT_EQ(r.error["details"]["cause"], "timeout") << r.error.dump();
}

}  // namespace
}  // namespace weft::nodes
