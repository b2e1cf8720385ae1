// The data step types (csvInput, splitColumns, aggregate) against an execution context, as
// the step-run actor calls them, with their edge cases and bad input.
#include <gtest/gtest.h>

#include "core/workflow.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;

class data_steps : public ::testing::Test {
 protected:
  step_result run(const json& step, std::vector<json> predecessors = {}) {
    step_ = core::parse_workflow(json{{"steps", {step}}}).steps.front();
    preds_ = std::move(predecessors);
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    for (const auto& p : preds_) ctx.predecessor_outputs.push_back(&p);
    return run_pure_step(ctx);
  }
  step_result csv(const std::string& text, json extra = json::object()) {
    extra["csv"] = text;
    return run({{"id", "c"}, {"type", "csvInput"}, {"config", extra}});
  }

  json context_ = json::parse(R"({
    "input": {"file": "name,age\nAda,36\n"},
    "sales": [
      {"region": "eu", "amount": 10, "who": "Ada Lovelace"},
      {"region": "us", "amount": 5.5, "who": "Grace Brewster Hopper"},
      {"region": "eu", "amount": null, "who": "Alan"},
      {"region": "eu", "amount": 2, "who": ""}]
  })");
  core::step step_;
  std::vector<json> preds_;
};

TEST_F(data_steps, csv_reads_a_header_row_and_typed_columns) {
  auto r = csv("name,age,member\r\nAda,36,yes\r\nGrace,,false\r\n", {{"types", {{"age", "number"}, {"member", "boolean"}}}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["columns"], json({"name", "age", "member"}));
  EXPECT_EQ(r.output["count"], 2);
  EXPECT_EQ(r.output["rows"][0], json({{"name", "Ada"}, {"age", 36}, {"member", true}}));
  EXPECT_EQ(r.output["rows"][1], json({{"name", "Grace"}, {"age", nullptr}, {"member", false}}));
}

TEST_F(data_steps, csv_follows_rfc_4180_quoting) {
  auto r = csv("a,b\n\"x, y\",\"she said \"\"hi\"\"\"\n\"two\nlines\",\n");
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["rows"][0], json({{"a", "x, y"}, {"b", "she said \"hi\""}}));
  EXPECT_EQ(r.output["rows"][1], json({{"a", "two\nlines"}, {"b", ""}}));
  auto no_trailing_newline = csv("a\n1");
  EXPECT_EQ(no_trailing_newline.output["rows"], json::parse(R"([{"a": "1"}])"));
}

TEST_F(data_steps, csv_without_a_header_gives_arrays_and_takes_other_delimiters_and_templates) {
  auto r = csv("1;2\n3;4", {{"header", false}, {"delimiter", ";"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.output["rows"], json::parse(R"([["1", "2"], ["3", "4"]])"));
  auto from_input = run({{"id", "c"}, {"type", "csvInput"}, {"config", {{"csv", "{{ $.input.file }}"}}}});
  ASSERT_TRUE(from_input.ok) << from_input.error.dump();
  EXPECT_EQ(from_input.output["rows"][0]["name"], "Ada");
  auto empty = csv("");
  EXPECT_TRUE(empty.ok);
  EXPECT_EQ(empty.output["count"], 0);
}

TEST_F(data_steps, malformed_csv_and_values_that_do_not_fit_their_type_name_the_place) {
  auto open_quote = csv("a\n\"never closed\n");
  ASSERT_FALSE(open_quote.ok);
  EXPECT_EQ(open_quote.error["code"], "invalid_input");
  EXPECT_EQ(open_quote.error["details"]["row"], 2);
  auto stray = csv("a\nx\"y\n");
  EXPECT_FALSE(stray.ok);
  auto after_quote = csv("a\n\"x\"y\n");
  EXPECT_FALSE(after_quote.ok);
  auto typed = csv("age\n36\nold\n", {{"types", {{"age", "number"}}}});
  ASSERT_FALSE(typed.ok);
  EXPECT_EQ(typed.error["details"]["column"], "age");
  EXPECT_EQ(typed.error["details"]["row"], 3) << "records are counted in the document, the header being 1";
}

TEST_F(data_steps, split_columns_splits_into_named_columns) {
  auto r = run({{"id", "s"}, {"type", "splitColumns"},
                {"config", {{"items", "$.sales"}, {"column", "who"}, {"delimiter", " "}, {"into", {"first", "last"}}}}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  const json items = r.output["items"];
  EXPECT_EQ(items[0]["first"], "Ada");
  EXPECT_EQ(items[0]["last"], "Lovelace");
  EXPECT_EQ(items[1]["last"], "Brewster Hopper") << "extra parts stay in the last column";
  EXPECT_EQ(items[2]["last"], nullptr);
  EXPECT_EQ(items[0]["who"], "Ada Lovelace") << "the column itself stays";
  auto numbered = run({{"id", "s"}, {"type", "splitColumns"}, {"config", {{"column", "code"}, {"delimiter", "-"}}}},
                      {json{{"rows", {{{"code", "a-b-c"}}}}}});
  ASSERT_TRUE(numbered.ok) << numbered.error.dump();
  EXPECT_EQ(numbered.output["items"][0]["code_3"], "c") << "from the predecessor's rows";
  auto not_records = run({{"id", "s"}, {"type", "splitColumns"}, {"config", {{"items", "$.input.file"}, {"column", "x"}, {"delimiter", ","}}}});
  EXPECT_FALSE(not_records.ok);
  EXPECT_EQ(not_records.error["code"], "invalid_input");
}

TEST_F(data_steps, aggregate_counts_sums_averages_and_finds_extremes_skipping_nulls) {
  auto op = [this](const std::string& operation) {
    return run({{"id", "a"}, {"type", "aggregate"}, {"config", {{"items", "$.sales"}, {"operation", operation}, {"field", "amount"}}}});
  };
  EXPECT_EQ(op("count").output, json({{"value", 4}, {"count", 4}}));
  EXPECT_EQ(op("sum").output["value"], 17.5);
  EXPECT_EQ(op("avg").output["value"], 17.5 / 3);
  EXPECT_EQ(op("min").output["value"], 2);
  EXPECT_EQ(op("max").output["value"], 10);
}

TEST_F(data_steps, aggregate_groups_in_order_of_first_appearance) {
  auto r = run({{"id", "a"}, {"type", "aggregate"},
                {"config", {{"items", "$.sales"}, {"operation", "sum"}, {"field", "amount"}, {"group_by", "region"}}}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["groups"], json::parse(R"([{"key": "eu", "value": 12, "count": 3}, {"key": "us", "value": 5.5, "count": 1}])"));
  auto grouped = run({{"id", "a"}, {"type", "aggregate"}, {"config", {{"items", "$.sales"}, {"operation", "group_by"}, {"field", "region"}}}});
  ASSERT_TRUE(grouped.ok);
  EXPECT_EQ(grouped.output["groups"][0]["items"].size(), 3u);
  EXPECT_EQ(grouped.output["groups"][1]["key"], "us");
}

TEST_F(data_steps, aggregate_refuses_what_is_not_a_number_or_not_a_list) {
  auto text = run({{"id", "a"}, {"type", "aggregate"}, {"config", {{"items", "$.sales"}, {"operation", "sum"}, {"field", "who"}}}});
  ASSERT_FALSE(text.ok);
  EXPECT_EQ(text.error["code"], "invalid_input");
  auto scalar = run({{"id", "a"}, {"type", "aggregate"}, {"config", {{"items", "$.input.file"}, {"operation", "count"}}}});
  EXPECT_FALSE(scalar.ok);
  auto broken = run({{"id", "a"}, {"type", "aggregate"}, {"config", {{"items", "$.sales["}, {"operation", "count"}}}});
  ASSERT_FALSE(broken.ok);
  EXPECT_EQ(broken.error["code"], "expression_error");
}

}  // namespace
}  // namespace weft::nodes
