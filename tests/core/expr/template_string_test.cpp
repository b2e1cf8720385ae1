// `{{ }}` templates: interpolation, typed single expressions, errors and bounds.
#include <gtest/gtest.h>

#include "core/expr/template_string.hpp"

namespace weft::core::expr {
namespace {

using nlohmann::json;

const json context = {{"input", {{"company_domain", "example.com"}, {"n", 3}, {"tags", {"a", "b"}}}}};

json render(const std::string& text) {
  auto t = template_string::compile(text);
  EXPECT_TRUE(t.ok()) << text << ": " << (t.ok() ? "" : t.err().to_string());
  if (!t.ok()) return nullptr;
  auto r = t.value().render(context);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.err().to_string());
  return r.ok() ? r.value() : json();
}

TEST(template_string, interpolates_expressions_into_text) {
  EXPECT_EQ(render("http://127.0.0.1:9000/crm/{{ $.input.company_domain }}"), "http://127.0.0.1:9000/crm/example.com");
  EXPECT_EQ(render("{{$.input.n}} items, {{ $.input.n * 2 }} halves"), "3 items, 6 halves");
  EXPECT_EQ(render("tags: {{ $.input.tags }}"), "tags: [\"a\",\"b\"]");
  EXPECT_EQ(render("missing: [{{ $.nope }}]"), "missing: []");
}

TEST(template_string, a_lone_expression_keeps_its_type) {
  EXPECT_EQ(render("{{ $.input.n }}"), 3);
  EXPECT_EQ(render("{{ $.input.tags }}"), json({"a", "b"}));
  EXPECT_EQ(render(" {{ $.input.n }}"), " 3");
}

TEST(template_string, text_without_braces_is_returned_as_is) {
  EXPECT_FALSE(template_string::looks_like_template("plain { text }"));
  EXPECT_EQ(render("plain { text }"), "plain { text }");
  EXPECT_EQ(render(""), "");
}

TEST(template_string, braces_inside_expressions_do_not_end_them) {
  EXPECT_EQ(render("{{ {'a': {'b': 1}}.a.b }}"), 1);
  EXPECT_EQ(render("x{{ '}}' }}y"), "x}}y");
  EXPECT_EQ(render("{{ \"{{\" }}"), "{{");
}

TEST(template_string, exposes_its_expressions_for_analysis) {
  auto t = template_string::compile("a {{ $.x }} b {{ $.y + 1 }}");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t.value().expressions().size(), 2u);
  EXPECT_EQ(t.value().expressions()[1]->source(), " $.y + 1 ");
}

TEST(template_string, errors_name_the_column_within_the_whole_string) {
  auto t = template_string::compile("abc {{ 1 + }} def");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.err().code, errc::syntax);
  EXPECT_EQ(t.err().position, 12u);  // the '}' after "1 + " inside the template
}

TEST(template_string, unterminated_and_empty_templates_are_errors) {
  auto open = template_string::compile("x {{ $.a ");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.err().position, 3u);
  EXPECT_NE(open.err().message.find("unterminated"), std::string::npos);
  auto empty = template_string::compile("x {{   }}");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.err().message.find("empty"), std::string::npos);
}

TEST(template_string, evaluation_errors_carry_the_column_in_the_string) {
  auto t = template_string::compile("value: {{ 1 / 0 }}");
  ASSERT_TRUE(t.ok());
  auto r = t.value().render(context);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::division_by_zero);
  EXPECT_EQ(r.err().position, 11u);
}

TEST(template_string, rendered_text_is_bounded) {
  limits small;
  small.max_string_bytes = 16;
  auto t = template_string::compile("{{ 'abcdefghij' }}{{ 'abcdefghij' }}", small);
  ASSERT_TRUE(t.ok());
  eval_options options;
  options.bounds = small;
  auto r = t.value().render(context, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_large);
}

}  // namespace
}  // namespace weft::core::expr
