// Static analysis: which roots an expression reads, and simplification warnings.
#include <gtest/gtest.h>

#include "core/expr/analysis.hpp"

namespace weft::core::expr {
namespace {

expression compiled(const std::string& s) {
  auto e = expression::compile(s);
  EXPECT_TRUE(e.ok()) << s;
  return std::move(e).value();
}

TEST(reads, lists_the_first_segment_of_every_path) {
  auto r = reads(compiled("$.lookup.body.name + $['enrich data'].x + len($.input.tags) + $.lookup.status"));
  EXPECT_EQ(r.roots, (std::set<std::string>{"lookup", "enrich data", "input"}));
  EXPECT_FALSE(r.dynamic);
  EXPECT_FALSE(r.whole_context);
}

TEST(reads, flags_computed_roots_and_the_whole_context) {
  auto dyn = reads(compiled("$[$.input.which]"));
  EXPECT_TRUE(dyn.dynamic);
  EXPECT_EQ(dyn.roots, std::set<std::string>{"input"});
  auto whole = reads(compiled("keys($)"));
  EXPECT_TRUE(whole.whole_context);
  EXPECT_TRUE(whole.roots.empty());
}

TEST(reads, literals_read_nothing) {
  auto r = reads(compiled("{ 'a': [1, 2], 'b': 'c' }.a"));
  EXPECT_TRUE(r.roots.empty());
  EXPECT_FALSE(r.whole_context);
}

struct lint_case {
  const char* source;
  const char* suggestion;
};

class simplifies_to : public ::testing::TestWithParam<lint_case> {};

TEST_P(simplifies_to, suggestion) {
  auto w = lint(compiled(GetParam().source));
  ASSERT_EQ(w.size(), 1u) << GetParam().source;
  EXPECT_EQ(w[0].code, "expression_simplification");
  EXPECT_EQ(w[0].suggestion, GetParam().suggestion);
  EXPECT_NE(w[0].message.find(GetParam().suggestion), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(boolean_comparisons, simplifies_to, ::testing::Values(
    lint_case{"$.enrich_data.success == true", "$.enrich_data.success"},
    lint_case{"true == $.a", "$.a"},
    lint_case{"$.a != false", "$.a"},
    lint_case{"$.a == false", "!$.a"},
    lint_case{"$.a != true", "!$.a"},
    lint_case{"($.a && $.b) == false", "!($.a && $.b)"},
    lint_case{"len($.x) == true", "len($.x)"}));

TEST(lint, seed_example_message_names_the_simpler_expression) {
  auto w = lint(compiled("$.enrich_data.success == true"));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message, "The expression '$.enrich_data.success == true' could be simplified to '$.enrich_data.success'");
  EXPECT_EQ(w[0].position, 1u);
}

TEST(lint, finds_nested_comparisons_and_leaves_others_alone) {
  EXPECT_EQ(lint(compiled("$.x > 1 && $.y == true")).size(), 1u);
  EXPECT_TRUE(lint(compiled("$.x == 1")).empty());
  EXPECT_TRUE(lint(compiled("true == false")).empty());
  EXPECT_TRUE(lint(compiled("$.a")).empty());
}

}  // namespace
}  // namespace weft::core::expr
