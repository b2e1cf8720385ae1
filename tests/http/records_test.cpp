// saveRecords and fetchData in real executions over the real RocksDB: upsert by key,
// filters, per-tenant collections, and refusals that write nothing.
#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

const json save_flow = json::parse(R"({"name": "save", "steps": [
  {"id": "input", "type": "input", "next": "save"},
  {"id": "save", "type": "saveRecords", "config": {"collection": "orders", "records": "$.input.orders", "key": "order_id"}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.save"}}]})");

json fetch_flow(const json& filter, int limit = 1000) {
  return {{"name", "fetch"},
          {"steps",
           {{{"id", "fetch"}, {"type", "fetchData"}, {"config", {{"collection", "orders"}, {"filter", filter}, {"limit", limit}}}, {"next", "out"}},
            {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.fetch"}}}}}}};
}

class records_test : public node_stack {
 protected:
  json run(const json& definition, const json& input, const std::string& tenant = "acme") {
    auto created = http_->request("POST", "/api/workflows", definition.dump(), headers(tenant));
    auto started = http_->request("POST", "/api/workflows/" + created.json()["id"].get<std::string>() + "/execute",
                                  json{{"input", input}}.dump(), headers(tenant));
    return http_->request("GET", "/api/executions/" + started.json()["execution_id"].get<std::string>() + "?wait_ms=15000", "",
                          headers(tenant))
        .json();
  }
  const json orders = json::parse(R"([
    {"order_id": "o1", "region": "eu", "amount": 10, "tags": ["gift"]},
    {"order_id": "o2", "region": "us", "amount": 3},
    {"order_id": 3, "region": "eu", "amount": 7}])");
};

TEST_F(records_test, saved_records_are_fetched_back_with_filters) {
  const json saved = run(save_flow, {{"orders", orders}});
  ASSERT_EQ(saved["status"], "completed") << saved.dump();
  EXPECT_EQ(saved["output"]["saved"], 3);
  EXPECT_EQ(saved["output"]["keys"], json({"o1", "o2", "3"}));

  EXPECT_EQ(run(fetch_flow(json::object()), json::object())["output"]["count"], 3);
  const json eu = run(fetch_flow({{"region", "eu"}}), json::object())["output"];
  ASSERT_EQ(eu["count"], 2);
  EXPECT_EQ(eu["records"][0]["order_id"], 3) << "key order: '3' < 'o1'";
  EXPECT_EQ(eu["records"][1]["order_id"], "o1");
  EXPECT_EQ(run(fetch_flow({{"amount", {{"gte", 5}, {"lt", 10}}}}), json::object())["output"]["records"][0]["order_id"], 3);
  EXPECT_EQ(run(fetch_flow({{"tags", {{"contains", "gift"}}}}), json::object())["output"]["count"], 1);
  EXPECT_EQ(run(fetch_flow({{"region", {{"in", {"us", "apac"}}}}}), json::object())["output"]["count"], 1);
  EXPECT_EQ(run(fetch_flow({{"region", {{"ne", "eu"}}}}), json::object())["output"]["count"], 1);
  EXPECT_EQ(run(fetch_flow(json::object(), 2), json::object())["output"]["count"], 2);
}

TEST_F(records_test, saving_a_key_again_replaces_the_record) {
  ASSERT_EQ(run(save_flow, {{"orders", orders}})["status"], "completed");
  ASSERT_EQ(run(save_flow, {{"orders", json::parse(R"([{"order_id": "o2", "region": "apac", "amount": 99}])")}})["status"], "completed");
  const json all = run(fetch_flow(json::object()), json::object())["output"];
  EXPECT_EQ(all["count"], 3);
  EXPECT_EQ(run(fetch_flow({{"region", "apac"}}), json::object())["output"]["records"][0]["amount"], 99);
}

TEST_F(records_test, a_record_without_its_key_fails_and_nothing_is_written) {
  const json bad = run(save_flow, {{"orders", json::parse(R"([{"order_id": "a"}, {"region": "eu"}])")}});
  ASSERT_EQ(bad["status"], "failed");
  EXPECT_EQ(bad["error"]["code"], "invalid_input");
  EXPECT_EQ(bad["error"]["details"]["index"], 1);
  EXPECT_EQ(run(fetch_flow(json::object()), json::object())["output"]["count"], 0);
  const json not_list = run(save_flow, {{"orders", "nope"}});
  EXPECT_EQ(not_list["error"]["code"], "invalid_input");
  const json bad_filter = run(fetch_flow({{"amount", {{"near", 3}}}}), json::object());
  EXPECT_EQ(bad_filter["error"]["code"], "invalid_input");
}

TEST_F(records_test, collections_belong_to_their_tenant) {
  ASSERT_EQ(run(save_flow, {{"orders", orders}})["status"], "completed");
  EXPECT_EQ(run(fetch_flow(json::object()), json::object(), "globex")["output"]["count"], 0);
}

}  // namespace
}  // namespace weft::http
