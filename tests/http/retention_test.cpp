// Retention: the sweeper deletes finished executions past their tenant's history window,
// with separate windows for completed and failed runs, and leaves everything else; on a
// clock the test moves, over the real RocksDB.
#include <gtest/gtest.h>

#include "services/retention_sweeper.hpp"
#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

constexpr std::int64_t day = 86'400'000;

const json ok_flow = json::parse(R"({"name": "ok", "steps": [{"id": "a", "type": "log", "config": {"message": "hi"}}]})");
const json failing_flow = json::parse(R"({"name": "bad", "steps": [{"id": "a", "type": "fail", "config": {"message": "no"}}]})");

class retention_test : public node_stack {
 protected:
  std::string finished(const std::string& wf, const std::string& tenant = "acme") {
    auto r = http_->request("POST", "/api/workflows/" + wf + "/execute?wait_ms=10000", R"({"input": {}})", headers(tenant));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().value("execution_id", "");
  }
  int status_of(const std::string& id, const std::string& tenant = "acme") {
    return http_->request("GET", "/api/executions/" + id, "", headers(tenant)).status;
  }
  std::size_t sweep_at(std::int64_t offset_ms) {
    services::retention_sweeper sweeper(
        *summaries_, [this](const std::string& t) { return tenants_->limits(t); },
        [offset_ms] { return core::expr::system_now_ms() + offset_ms; }, 50);
    return sweeper.sweep_once();
  }
};

TEST_F(retention_test, free_keeps_seven_days_then_everything_about_a_run_goes) {
  set_tier("acme", "free");
  const std::string wf = create(ok_flow);
  const std::string id = finished(wf);
  EXPECT_EQ(sweep_at(6 * day), 0u) << "six days: kept";
  EXPECT_EQ(status_of(id), 200);
  EXPECT_EQ(sweep_at(7 * day + 60'000), 1u) << "seven days and a minute: gone";
  EXPECT_EQ(status_of(id), 404);
  EXPECT_EQ(http_->request("GET", "/api/executions/" + id + "/events", "", headers()).status, 404);
  const json list = http_->request("GET", "/api/executions", "", headers()).json();
  EXPECT_TRUE(list["executions"].empty()) << list.dump();
  EXPECT_EQ(http_->request("GET", "/api/workflows/" + wf, "", headers()).status, 200) << "workflows stay";
}

TEST_F(retention_test, completed_and_failed_runs_have_windows_of_their_own) {
  set_tier("acme", "professional", {{"history_days", 30}, {"failed_history_days", 3}});
  const std::string good = finished(create(ok_flow));
  const std::string bad = finished(create(failing_flow));
  EXPECT_EQ(sweep_at(4 * day), 1u);
  EXPECT_EQ(status_of(bad), 404) << "failed: three days";
  EXPECT_EQ(status_of(good), 200) << "completed: thirty days";
  EXPECT_EQ(sweep_at(31 * day), 1u);
  EXPECT_EQ(status_of(good), 404);
}

TEST_F(retention_test, other_tenants_and_running_executions_are_left_alone) {
  set_tier("acme", "free");
  const std::string mine = finished(create(ok_flow));
  const std::string theirs = finished(create(ok_flow, "globex"), "globex");  // enterprise: a year
  const std::string waiting = execute(create(json::parse(R"({"name": "w", "steps": [
    {"id": "wait", "type": "delay", "config": {"duration_ms": 3600000}}]})")), json::object());
  EXPECT_EQ(sweep_at(30 * day), 1u);
  EXPECT_EQ(status_of(mine), 404);
  EXPECT_EQ(status_of(theirs, "globex"), 200);
  EXPECT_EQ(status_of(waiting), 200) << "a running execution is never swept";
}

}  // namespace
}  // namespace weft::http
