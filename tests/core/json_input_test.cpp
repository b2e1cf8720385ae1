// Bounded parsing of JSON from outside: errors with bytes, nesting limits.
#include <gtest/gtest.h>

#include "core/json_input.hpp"

namespace weft::core {
namespace {

TEST(json_input, parses_ordinary_documents) {
  auto r = parse_json_input(R"({"a": [1, {"b": null}]})");
  ASSERT_TRUE(r.value);
  EXPECT_EQ((*r.value)["a"][1]["b"], nullptr);
}

TEST(json_input, syntax_errors_name_the_byte) {
  auto r = parse_json_input(R"({"a": 1,})");
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.error.byte, 9u);
  EXPECT_NE(r.error.message.find("syntax error"), std::string::npos) << r.error.message;
  EXPECT_EQ(r.error.message.find("json.exception"), std::string::npos) << r.error.message;
}

TEST(json_input, empty_truncated_and_trailing_input_is_refused) {
  for (const char* bad : {"", "   ", "{", "[1, 2", "{\"a\": tru}", "{} {}", "nul", "\"\\x\"", "{'a': 1}", "// c\n{}"}) {
    auto r = parse_json_input(bad);
    EXPECT_FALSE(r.value) << bad;
    EXPECT_FALSE(r.error.message.empty()) << bad;
  }
}

TEST(json_input, nesting_is_bounded) {
  std::string at_limit = std::string(128, '[') + std::string(128, ']');
  EXPECT_TRUE(parse_json_input(at_limit).value);
  std::string over = std::string(129, '[') + std::string(129, ']');
  auto r = parse_json_input(over);
  ASSERT_FALSE(r.value);
  EXPECT_NE(r.error.message.find("deeper than 128"), std::string::npos) << r.error.message;
  std::string huge = std::string(1'000'000, '[');
  EXPECT_FALSE(parse_json_input(huge).value);
  json_input_limits tight;
  tight.max_depth = 2;
  EXPECT_TRUE(parse_json_input(R"({"a": {"b": 1}})", tight).value);
  EXPECT_FALSE(parse_json_input(R"({"a": {"b": {"c": 1}}})", tight).value);
}

TEST(json_input, invalid_utf8_is_refused) {
  auto r = parse_json_input("\"\xff\xfe\"");
  EXPECT_FALSE(r.value);
}

TEST(json_input, depth_of_values_in_memory_is_measured_without_recursion) {
  EXPECT_FALSE(nests_deeper_than(nlohmann::json(5), 0));
  EXPECT_FALSE(nests_deeper_than(nlohmann::json::parse("[[1]]"), 2));
  EXPECT_TRUE(nests_deeper_than(nlohmann::json::parse("[[1]]"), 1));
  EXPECT_TRUE(nests_deeper_than(nlohmann::json::parse(R"({"a": {"b": {}}})"), 2));
  EXPECT_FALSE(nests_deeper_than(nlohmann::json::parse(R"({"a": [], "b": {"c": 1}})"), 2));
}

}  // namespace
}  // namespace weft::core
