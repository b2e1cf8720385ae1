// Hostile expressions: none may crash, hang or allocate without bound; each fails with a
// clear error naming a position.
#include <random>

#include <gtest/gtest.h>

#include "core/expr/template_string.hpp"
#include "tests/core/expr/expr_test_support.hpp"

namespace weft::core::expr {
namespace {

using nlohmann::json;
using testing::eval;

TEST(hostile_input, source_longer_than_the_limit_is_refused_before_parsing) {
  std::string source(limits{}.max_source_bytes + 1, '1');
  auto r = eval(source);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_long);
  EXPECT_EQ(r.err().position, limits{}.max_source_bytes + 1);
}

TEST(hostile_input, source_exactly_at_the_limit_is_accepted) {
  limits small;
  small.max_source_bytes = 8;
  EXPECT_TRUE(eval("11111111", json::object(), small).ok());
  EXPECT_EQ(eval("111111111", json::object(), small).err().code, errc::too_long);
}

TEST(hostile_input, deeply_nested_parentheses_fail_cleanly) {
  std::string source = std::string(5000, '(') + "1" + std::string(5000, ')');
  auto r = eval(source);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_deep);
  EXPECT_GT(r.err().position, 0u);
}

TEST(hostile_input, deeply_nested_arrays_objects_and_prefix_operators_fail_cleanly) {
  for (const std::string& source : {std::string(5000, '[') + std::string(5000, ']'),
                                    [] {
                                      std::string s;
                                      for (int i = 0; i < 3000; ++i) s += "{a:";
                                      s += "1";
                                      for (int i = 0; i < 3000; ++i) s += "}";
                                      return s;
                                    }(),
                                    std::string(8000, '!') + "1", std::string(8000, '-') + "1",
                                    [] {
                                      std::string s = "$";
                                      for (int i = 0; i < 3000; ++i) s += ".a";
                                      return s;
                                    }()}) {
    auto r = eval(source);
    ASSERT_FALSE(r.ok()) << source.substr(0, 20);
    EXPECT_EQ(r.err().code, errc::too_deep) << source.substr(0, 20);
  }
}

TEST(hostile_input, nesting_at_the_depth_limit_is_accepted) {
  limits small;
  small.max_depth = 10;
  std::string ok = std::string(9, '-') + "1";  // 9 unary nodes + 1 literal = depth 10
  auto r = eval(ok, json::object(), small);
  ASSERT_TRUE(r.ok()) << r.err().to_string();
  EXPECT_EQ(r.value(), -1);
  auto over = eval(std::string(10, '-') + "1", json::object(), small);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.err().code, errc::too_deep);
}

TEST(hostile_input, long_operator_chains_are_bounded_by_tree_depth) {
  std::string chain = "1";
  for (int i = 0; i < 4000; ++i) chain += "+1";
  auto r = eval(chain);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_deep);
  std::string short_chain = "1";
  for (int i = 0; i < 100; ++i) short_chain += "+1";
  auto fine = eval(short_chain);
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine.value(), 101);
}

TEST(hostile_input, evaluation_step_budget_stops_work) {
  limits small;
  small.max_steps = 5;
  auto r = eval("[1, 2, 3, 4, 5, 6]", json::object(), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_costly);
  EXPECT_GT(r.err().position, 0u);
  EXPECT_TRUE(eval("[1, 2, 3, 4]", json::object(), small).ok());
}

TEST(hostile_input, growing_strings_past_the_limit_fails) {
  json ctx = {{"s", std::string(600 * 1024, 'x')}};
  auto r = eval("$.s + $.s", ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_large);
  EXPECT_EQ(r.err().position, 1u);
  EXPECT_TRUE(eval("len($.s + 'y')", ctx).ok());
}

TEST(hostile_input, stringifying_a_huge_value_fails) {
  json big = json::array();
  for (int i = 0; i < 200000; ++i) big.push_back("0123456789");
  auto r = eval("string($.big)", {{"big", big}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_large);
  auto concat = eval("'x' + $.big", {{"big", big}});
  ASSERT_FALSE(concat.ok());
  EXPECT_EQ(concat.err().code, errc::too_large);
}

TEST(hostile_input, concatenating_collections_past_the_element_limit_fails) {
  limits small;
  small.max_elements = 3;
  auto r = eval("[1, 2] + [3, 4]", json::object(), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_large);
  auto obj = eval("{a: 1, b: 2} + {c: 3, d: 4}", json::object(), small);
  ASSERT_FALSE(obj.ok());
  EXPECT_EQ(obj.err().code, errc::too_large);
  auto literal = eval("[1, 2, 3, 4]", json::object(), small);
  ASSERT_FALSE(literal.ok());
  EXPECT_EQ(literal.err().code, errc::too_large);
}

TEST(hostile_input, catastrophic_backtracking_patterns_run_in_linear_time) {
  // (a+)+$ against "aaa...!" takes exponential time in a backtracking engine; RE2 is linear.
  json ctx = {{"s", std::string(100000, 'a') + "!"}};
  auto r = eval("matches($.s, '(a+)+$')", ctx);
  ASSERT_TRUE(r.ok()) << r.err().to_string();
  EXPECT_EQ(r.value(), false);
  auto nested = eval("matches($.s, '^(a|a)*(a|aa)*b')", ctx);
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(nested.value(), false);
}

TEST(hostile_input, overlong_and_oversized_patterns_are_refused) {
  std::string long_pattern(limits{}.max_regex_bytes + 1, 'a');
  auto r = eval("matches('a', '" + long_pattern + "')");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::bad_regex);
  auto dynamic = eval("matches('a', $.p)", {{"p", long_pattern}});
  ASSERT_FALSE(dynamic.ok());
  EXPECT_EQ(dynamic.err().code, errc::bad_regex);
  auto huge_program = eval("matches('a', '((((a{100}){100}){100}){100})')");
  ASSERT_FALSE(huge_program.ok());
  EXPECT_EQ(huge_program.err().code, errc::bad_regex);
}

TEST(hostile_input, nul_bytes_and_invalid_utf8_in_strings_do_not_break_anything) {
  json ctx = {{"s", std::string("a\0b", 3)}, {"bad", std::string("\xff\xfe")}};
  auto len = eval("len($.s)", ctx);
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len.value(), 3);
  auto str = eval("string({ 'k': $.bad })", ctx);
  ASSERT_TRUE(str.ok());
  auto src = eval(std::string("'x\0y'", 5));
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(src.value().get<std::string>().size(), 3u);
}

// Deterministic fuzzing: random token soup must never crash, throw or report a position
// outside the source.
TEST(hostile_input, random_token_soup_never_crashes) {
  static const std::vector<std::string> pieces = {
      "$", ".", "a", "b", "[", "]", "(", ")", "{", "}", ",", ":", "?", "'s'", "\"t\"", "1", "2.5", "-", "+",
      "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "in", "true", "null", "len", "matches",
      "coalesce", "now", "'(a'", "0", " ", "'", "\\", "{{", "}}", "e", "1e", "\x01", "\xff"};
  std::mt19937 rng(20261122);
  json ctx = {{"a", {{"b", {1, 2, 3}}}}, {"b", "text"}};
  int ok = 0, failed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string source;
    int n = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) source += pieces[rng() % pieces.size()];
    auto r = eval(source, ctx);
    if (r.ok()) {
      ++ok;
    } else {
      ++failed;
      EXPECT_FALSE(r.err().code.empty()) << source;
      EXPECT_LE(r.err().position, source.size() + 1) << source;
    }
    auto t = template_string::compile("x" + source + "{{" + source + "}}");
    if (!t.ok()) {
      EXPECT_LE(t.err().position, source.size() * 2 + 5) << source;
    }
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(failed, 0);
}

}  // namespace
}  // namespace weft::core::expr
