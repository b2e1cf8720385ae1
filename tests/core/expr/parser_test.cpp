// Lexer tokens and offsets; parser precedence, associativity and source spans.
#include <gtest/gtest.h>

#include "core/expr/ast.hpp"
#include "core/expr/lexer.hpp"
#include "core/expr/parser.hpp"

namespace weft::core::expr {
namespace {

TEST(lexer, splits_operators_and_records_offsets) {
  auto tokens = tokenize("$.a >= 10 && !x");
  ASSERT_TRUE(tokens.ok());
  const auto& t = tokens.value();
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[0].kind, token_kind::dollar);
  EXPECT_TRUE(t[1].is(token_kind::punct, "."));
  EXPECT_TRUE(t[2].is(token_kind::identifier, "a"));
  EXPECT_TRUE(t[3].is(token_kind::op, ">="));
  EXPECT_EQ(t[3].offset, 4u);
  EXPECT_EQ(t[4].kind, token_kind::integer);
  EXPECT_EQ(t[4].integer, 10);
  EXPECT_TRUE(t[5].is(token_kind::op, "&&"));
  EXPECT_TRUE(t[6].is(token_kind::op, "!"));
  EXPECT_TRUE(t[7].is(token_kind::identifier, "x"));
  EXPECT_EQ(t[8].kind, token_kind::end);
  EXPECT_EQ(t[8].offset, 15u);
}

TEST(lexer, decodes_escapes_in_both_quote_styles) {
  auto tokens = tokenize(R"('a\'b' "c\"d" '\\' "\/")");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens.value()[0].text, "a'b");
  EXPECT_EQ(tokens.value()[1].text, "c\"d");
  EXPECT_EQ(tokens.value()[2].text, "\\");
  EXPECT_EQ(tokens.value()[3].text, "/");
}

TEST(lexer, reads_reals_and_keeps_huge_integers_as_reals) {
  auto tokens = tokenize("1.5 2e3 18446744073709551616");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens.value()[0].kind, token_kind::real);
  EXPECT_DOUBLE_EQ(tokens.value()[0].real, 1.5);
  EXPECT_DOUBLE_EQ(tokens.value()[1].real, 2000.0);
  EXPECT_EQ(tokens.value()[2].kind, token_kind::real);
}

TEST(lexer, a_dot_after_digits_without_a_fraction_is_punctuation) {
  auto tokens = tokenize("[1].x");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens.value()[1].kind, token_kind::integer);
  EXPECT_TRUE(tokens.value()[3].is(token_kind::punct, "."));
}

// Renders a tree back as a fully parenthesised string, to check precedence and associativity.
std::string render(const ast& t, std::uint32_t i) {
  const node& n = t.at(i);
  static const char* ops[] = {"", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "in", "-", "!"};
  switch (n.kind) {
    case node_kind::literal: return n.value.dump();
    case node_kind::root: return "$";
    case node_kind::member: return render(t, n.kids[0]) + "." + n.name;
    case node_kind::index: return render(t, n.kids[0]) + "[" + render(t, n.kids[1]) + "]";
    case node_kind::unary: return std::string("(") + ops[static_cast<int>(n.oper)] + render(t, n.kids[0]) + ")";
    case node_kind::binary:
      return "(" + render(t, n.kids[0]) + " " + ops[static_cast<int>(n.oper)] + " " + render(t, n.kids[1]) + ")";
    case node_kind::logical_and: return "(" + render(t, n.kids[0]) + " && " + render(t, n.kids[1]) + ")";
    case node_kind::logical_or: return "(" + render(t, n.kids[0]) + " || " + render(t, n.kids[1]) + ")";
    case node_kind::ternary:
      return "(" + render(t, n.kids[0]) + " ? " + render(t, n.kids[1]) + " : " + render(t, n.kids[2]) + ")";
    case node_kind::call: {
      std::string s = n.name + "(";
      for (std::size_t k = 0; k < n.kids.size(); ++k) s += (k ? ", " : "") + render(t, n.kids[k]);
      return s + ")";
    }
    case node_kind::array: {
      std::string s = "[";
      for (std::size_t k = 0; k < n.kids.size(); ++k) s += (k ? ", " : "") + render(t, n.kids[k]);
      return s + "]";
    }
    case node_kind::object: {
      std::string s = "{";
      for (std::size_t k = 0; k < n.kids.size(); ++k) s += (k ? ", " : "") + n.keys[k] + ": " + render(t, n.kids[k]);
      return s + "}";
    }
  }
  return "?";
}

struct shape_case {
  const char* source;
  const char* shape;
};

class parses_as : public ::testing::TestWithParam<shape_case> {};

TEST_P(parses_as, expected_tree) {
  auto tree = parse(GetParam().source);
  ASSERT_TRUE(tree.ok()) << tree.err().to_string();
  EXPECT_EQ(render(tree.value(), tree.value().root), GetParam().shape);
}

INSTANTIATE_TEST_SUITE_P(precedence, parses_as, ::testing::Values(
    shape_case{"1 + 2 * 3", "(1 + (2 * 3))"},
    shape_case{"1 * 2 + 3", "((1 * 2) + 3)"},
    shape_case{"1 - 2 - 3", "((1 - 2) - 3)"},
    shape_case{"8 / 4 / 2", "((8 / 4) / 2)"},
    shape_case{"1 + 2 < 4 == true", "(((1 + 2) < 4) == true)"},
    shape_case{"1 || 2 && 3", "(1 || (2 && 3))"},
    shape_case{"1 && 2 || 3", "((1 && 2) || 3)"},
    shape_case{"!1 == 2", "((!1) == 2)"},
    shape_case{"-1 * 2", "((-1) * 2)"},
    shape_case{"-$.a.b", "(-$.a.b)"},
    shape_case{"!$.a[0]", "(!$.a[0])"},
    shape_case{"1 in [1] == true", "((1 in [1]) == true)"},
    shape_case{"1 ? 2 : 3 ? 4 : 5", "(1 ? 2 : (3 ? 4 : 5))"},
    shape_case{"1 || 2 ? 3 : 4", "((1 || 2) ? 3 : 4)"},
    shape_case{"1 ? 2 || 3 : 4", "(1 ? (2 || 3) : 4)"},
    shape_case{"(1 + 2) * 3", "((1 + 2) * 3)"},
    shape_case{"$.a.b[1 + 1].c", "$.a.b[(1 + 1)].c"},
    shape_case{"len($.x) > 2", "(len($.x) > 2)"},
    shape_case{"coalesce($.a, $.b, 'c')", "coalesce($.a, $.b, \"c\")"},
    shape_case{"{ok: 1 < 2}", "{ok: (1 < 2)}"},
    shape_case{"[1, [2]][1][0]", "[1, [2]][1][0]"}));

TEST(parser, spans_cover_the_source_of_each_node) {
  auto tree = parse("  $.enrich_data.success == true ");
  ASSERT_TRUE(tree.ok());
  const ast& t = tree.value();
  EXPECT_EQ(t.text_of(t.root), "$.enrich_data.success == true");
  EXPECT_EQ(t.text_of(t.at(t.root).kids[0]), "$.enrich_data.success");
  EXPECT_EQ(t.column_of(t.root), 3u);
}

TEST(parser, string_spans_include_their_quotes_and_escapes) {
  auto tree = parse("'a\\'b' == x()");
  ASSERT_FALSE(tree.ok());  // x is no function
  auto ok = parse("'a\\'b' + 'c'");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().text_of(ok.value().at(ok.value().root).kids[0]), "'a\\'b'");
}

TEST(parser, origin_shifts_reported_columns) {
  auto tree = parse("1 +", {}, 10);
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.err().position, 14u);
}

TEST(parser, literal_regex_patterns_are_compiled_once_at_parse_time) {
  auto tree = parse("matches($.a, '^x+$')");
  ASSERT_TRUE(tree.ok());
  EXPECT_NE(tree.value().at(tree.value().root).regex, nullptr);
  auto dynamic = parse("matches($.a, $.pattern)");
  ASSERT_TRUE(dynamic.ok());
  EXPECT_EQ(dynamic.value().at(dynamic.value().root).regex, nullptr);
}

}  // namespace
}  // namespace weft::core::expr
