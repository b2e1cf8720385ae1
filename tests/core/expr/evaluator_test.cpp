// Evaluation semantics of every operator, literal, path and function, and their errors
// with columns (docs/expressions.md is the contract these cases check).
#include <cstdio>
#include <ctime>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "core/expr/value_ops.hpp"
#include "tests/core/expr/expr_test_support.hpp"

namespace weft::core::expr {
namespace {

using nlohmann::json;
using testing::eval;

const json context = json::parse(R"({
  "input": { "n": 5, "name": "Ada", "tags": ["a", "b"], "price": 2.5, "flag": true, "empty": "",
             "nested": { "list": [ { "v": 1 }, { "v": 2 } ] }, "key with space": 7, "zero": 0 },
  "enrich_data": { "success": true, "company_size": "101-250" },
  "vars": { "limit": 10 },
  "item": { "id": 3 },
  "execution": { "id": "e-1", "workflow_id": "w-1" }
})");

struct value_case {
  const char* source;
  json expected;
};

class evaluates_to : public ::testing::TestWithParam<value_case> {};

TEST_P(evaluates_to, expected_value) {
  const auto& c = GetParam();
  auto r = eval(c.source, context);
  ASSERT_TRUE(r.ok()) << c.source << " -> " << r.err().to_string();
  EXPECT_EQ(r.value(), c.expected) << c.source;
  // Integers stay integers and reals stay reals (signed and unsigned are one kind).
  auto kind = [](const json& j) { return j.is_number_integer() ? json::value_t::number_integer : j.type(); };
  EXPECT_EQ(kind(r.value()), kind(c.expected)) << c.source << " gave " << r.value().dump();
}

INSTANTIATE_TEST_SUITE_P(literals, evaluates_to, ::testing::Values(
    value_case{"42", 42},
    value_case{"-7", -7},
    value_case{"3.25", 3.25},
    value_case{"1e3", 1000.0},
    value_case{"2.5E-1", 0.25},
    value_case{"'single'", "single"},
    value_case{"\"double\"", "double"},
    value_case{"'it\\'s'", "it's"},
    value_case{"'tab\\tnew\\nline'", "tab\tnew\nline"},
    value_case{"'\\u00e9\\u4e2d'", "\xC3\xA9\xE4\xB8\xAD"},
    value_case{"'\\ud83d\\ude00'", "\xF0\x9F\x98\x80"},
    value_case{"true", true},
    value_case{"false", false},
    value_case{"null", nullptr},
    value_case{"[]", json::array()},
    value_case{"[1, 'a', null, [true]]", json::parse(R"([1,"a",null,[true]])")},
    value_case{"{}", json::object()},
    value_case{"{ 'success': false }", json::parse(R"({"success":false})")},
    value_case{"{a: 1, \"b c\": [2]}", json::parse(R"({"a":1,"b c":[2]})")},
    value_case{"{a: 1, a: 2}", json::parse(R"({"a":2})")},
    value_case{"99999999999999999999", 1e20}));

INSTANTIATE_TEST_SUITE_P(paths, evaluates_to, ::testing::Values(
    value_case{"$.input.n", 5},
    value_case{"$.input.name", "Ada"},
    value_case{"$.input.tags[0]", "a"},
    value_case{"$.input.tags[1]", "b"},
    value_case{"$.input.tags[-1]", "b"},
    value_case{"$.input.tags[-2]", "a"},
    value_case{"$.input.tags[2]", nullptr},
    value_case{"$.input.tags[-3]", nullptr},
    value_case{"$.input.tags[1.0]", "b"},
    value_case{"$.input.tags[0.5]", nullptr},
    value_case{"$.input.tags['0']", nullptr},
    value_case{"$.input.nested.list[1].v", 2},
    value_case{"$.input['key with space']", 7},
    value_case{"$['input']['name']", "Ada"},
    value_case{"$.input['na' + 'me']", "Ada"},
    value_case{"$.missing", nullptr},
    value_case{"$.missing.deeper.still", nullptr},
    value_case{"$.input.name.length", nullptr},
    value_case{"$.input.n[0]", nullptr},
    value_case{"$.vars.limit", 10},
    value_case{"$.item.id", 3},
    value_case{"$.execution.id", "e-1"},
    value_case{"{ 'a': { 'b': [10, 20] } }.a.b[1]", 20},
    value_case{"[1, 2, 3][1]", 2},
    value_case{"keys($.input.nested)[0]", "list"}));

INSTANTIATE_TEST_SUITE_P(arithmetic, evaluates_to, ::testing::Values(
    value_case{"1 + 2", 3},
    value_case{"$.input.n + 1", 6},
    value_case{"10 - 4 - 3", 3},
    value_case{"2 * 3 + 4", 10},
    value_case{"2 + 3 * 4", 14},
    value_case{"(2 + 3) * 4", 20},
    value_case{"7 / 2", 3.5},
    value_case{"8 / 2", 4},
    value_case{"7 % 3", 1},
    value_case{"-7 % 3", -1},
    value_case{"7.5 % 2", 1.5},
    value_case{"$.input.price * 2", 5.0},
    value_case{"1.5 + 1.5", 3.0},
    value_case{"- $.input.n", -5},
    value_case{"--3", 3},
    value_case{"9223372036854775807 + 1", 9223372036854775808.0},
    value_case{"-9223372036854775807 - 10", -9223372036854775817.0},
    value_case{"4611686018427387904 * 4", 18446744073709551616.0},
    value_case{"5 % -1", 0}));

INSTANTIATE_TEST_SUITE_P(strings_and_collections, evaluates_to, ::testing::Values(
    value_case{"'a' + 'b'", "ab"},
    value_case{"'n=' + $.input.n", "n=5"},
    value_case{"$.input.n + '!'", "5!"},
    value_case{"'x' + null", "x"},
    value_case{"'x' + true", "xtrue"},
    value_case{"'v' + [1, 2]", "v[1,2]"},
    value_case{"[1] + [2, 3]", json::parse("[1,2,3]")},
    value_case{"{a: 1, b: 1} + {b: 2}", json::parse(R"({"a":1,"b":2})")},
    value_case{"$.input.tags + ['c']", json::parse(R"(["a","b","c"])")}));

INSTANTIATE_TEST_SUITE_P(comparison_and_logic, evaluates_to, ::testing::Values(
    value_case{"1 == 1", true},
    value_case{"1 == 1.0", true},
    value_case{"1 != 2", true},
    value_case{"'a' == 'a'", true},
    value_case{"'a' == 1", false},
    value_case{"null == null", true},
    value_case{"$.missing == null", true},
    value_case{"[1, 2] == [1, 2]", true},
    value_case{"{a: [1]} == {a: [1]}", true},
    value_case{"{a: 1} != {a: 2}", true},
    value_case{"$.enrich_data.success == true", true},
    value_case{"2 < 3", true},
    value_case{"3 <= 3", true},
    value_case{"2.5 > 2", true},
    value_case{"2 >= 3", false},
    value_case{"'apple' < 'banana'", true},
    value_case{"'b' >= 'a'", true},
    value_case{"true && false", false},
    value_case{"true || false", true},
    value_case{"!true", false},
    value_case{"!!$.input.name", true},
    value_case{"!''", true},
    value_case{"![]", true},
    value_case{"!{}", true},
    value_case{"!0", true},
    value_case{"!0.0", true},
    value_case{"!'0'", false},
    value_case{"1 && 'x'", true},
    value_case{"null || 0", false},
    value_case{"false && (1 / 0)", false},
    value_case{"true || (1 / 0)", true},
    value_case{"1 < 2 && 2 < 3", true},
    value_case{"1 + 1 == 2 && !false", true},
    value_case{"'a' in ['a', 'b']", true},
    value_case{"'z' in $.input.tags", false},
    value_case{"'da' in 'Ada'", true},
    value_case{"'name' in $.input", true},
    value_case{"'nope' in $.input", false},
    value_case{"1 in [1.0]", true},
    value_case{"'a' in null", false},
    value_case{"true ? 1 : 2", 1},
    value_case{"false ? 1 : 2", 2},
    value_case{"$.input.n > 3 ? 'big' : 'small'", "big"},
    value_case{"false ? 1 : true ? 2 : 3", 2},
    value_case{"true ? false ? 1 : 2 : 3", 2},
    value_case{"$.input.empty ? 'set' : 'unset'", "unset"},
    value_case{"1 == 1 ? (2 > 1 ? 'a' : 'b') : 'c'", "a"}));

INSTANTIATE_TEST_SUITE_P(functions, evaluates_to, ::testing::Values(
    value_case{"len('héllo')", 5},
    value_case{"len($.input.tags)", 2},
    value_case{"len($.input)", 9},
    value_case{"len(null)", 0},
    value_case{"len('')", 0},
    value_case{"lower('AbC')", "abc"},
    value_case{"upper('AbC')", "ABC"},
    value_case{"trim('  x y \\n')", "x y"},
    value_case{"contains('abc', 'b')", true},
    value_case{"contains($.input.tags, 'b')", true},
    value_case{"contains($.input, 'name')", true},
    value_case{"contains(null, 'x')", false},
    value_case{"startsWith('weft', 'we')", true},
    value_case{"startsWith('we', 'weft')", false},
    value_case{"endsWith('weft', 'ft')", true},
    value_case{"endsWith('', '')", true},
    value_case{"matches('abc123', '[0-9]+$')", true},
    value_case{"matches('abc', '^[0-9]+$')", false},
    value_case{"matches($.input.name, '(?i)^ada$')", true},
    value_case{"matches('a.b', '\\\\.')", true},
    value_case{"number('42')", 42},
    value_case{"number(' 4.5 ')", 4.5},
    value_case{"number('-1e2')", -100.0},
    value_case{"number(7)", 7},
    value_case{"number(true)", 1},
    value_case{"number(false)", 0},
    value_case{"string(5)", "5"},
    value_case{"string(2.5)", "2.5"},
    value_case{"string(null)", ""},
    value_case{"string(true)", "true"},
    value_case{"string('s')", "s"},
    value_case{"string({a: [1]})", "{\"a\":[1]}"},
    value_case{"bool('')", false},
    value_case{"bool('x')", true},
    value_case{"bool([0])", true},
    value_case{"now()", "2026-11-18T11:06:40.123Z"},
    value_case{"coalesce(null, $.missing, 3, 4)", 3},
    value_case{"coalesce($.input.zero, 1)", 0},
    value_case{"coalesce(null)", nullptr},
    value_case{"coalesce(1, 1 / 0)", 1},
    value_case{"keys({b: 1, a: 2})", json::parse(R"(["a","b"])")},
    value_case{"values({b: 1, a: 2})", json::parse("[2,1]")},
    value_case{"keys(null)", json::array()},
    value_case{"len(keys($.input)) == len($.input)", true}));

TEST(evaluator, now_reads_the_system_clock_when_no_time_is_given) {
  auto e = expression::compile("now()");
  ASSERT_TRUE(e.ok());
  auto before = system_now_ms();
  auto r = e.value().evaluate(json::object());
  auto after = system_now_ms();
  ASSERT_TRUE(r.ok());
  std::string s = r.value().get<std::string>();
  EXPECT_GE(s, iso_timestamp(before));
  EXPECT_LE(s, iso_timestamp(after));
}

TEST(evaluator, one_compiled_expression_evaluates_against_many_contexts) {
  auto e = expression::compile("$.input.n * 2");
  ASSERT_TRUE(e.ok());
  for (int i = 0; i < 5; ++i) {
    auto r = e.value().evaluate(json{{"input", {{"n", i}}}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), i * 2);
  }
}

TEST(evaluator, reading_from_an_owned_value_moves_the_right_element) {
  auto r = eval("{ 'a': { 'b': 1 }, 'c': 2 }.a", json::object());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), json::parse(R"({"b":1})"));
}

TEST(evaluator, results_do_not_alias_the_context) {
  json ctx = {{"input", {{"list", {1, 2}}}}};
  auto r = eval("$.input.list + [3]", ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ctx["input"]["list"].size(), 2u);
  EXPECT_EQ(r.value().size(), 3u);
}

struct error_case {
  const char* source;
  const char* code;
  std::size_t column;
};

class fails_with : public ::testing::TestWithParam<error_case> {};

TEST_P(fails_with, code_and_column) {
  const auto& c = GetParam();
  auto r = eval(c.source, context);
  ASSERT_FALSE(r.ok()) << c.source << " unexpectedly gave " << r.value().dump();
  EXPECT_EQ(r.err().code, c.code) << c.source << ": " << r.err().to_string();
  EXPECT_EQ(r.err().position, c.column) << c.source << ": " << r.err().to_string();
  EXPECT_NE(r.err().to_string().find("column"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(runtime_errors, fails_with, ::testing::Values(
    error_case{"1 / 0", errc::division_by_zero, 1},
    error_case{"$.input.n / $.input.zero", errc::division_by_zero, 1},
    error_case{"1.5 / 0.0", errc::division_by_zero, 1},
    error_case{"5 % 0", errc::division_by_zero, 1},
    error_case{"2 + (1 % 0)", errc::division_by_zero, 6},
    error_case{"'a' - 1", errc::type_mismatch, 1},
    error_case{"null * 2", errc::type_mismatch, 1},
    error_case{"[1] - [1]", errc::type_mismatch, 1},
    error_case{"{a:1} + [1]", errc::type_mismatch, 1},
    error_case{"true + 1", errc::type_mismatch, 1},
    error_case{"-'a'", errc::type_mismatch, 1},
    error_case{"$.missing > 5", errc::type_mismatch, 1},
    error_case{"'a' < 1", errc::type_mismatch, 1},
    error_case{"[1] < [2]", errc::type_mismatch, 1},
    error_case{"1 in 5", errc::type_mismatch, 1},
    error_case{"1 in 'abc'", errc::type_mismatch, 1},
    error_case{"len(5)", errc::type_mismatch, 1},
    error_case{"lower(1)", errc::type_mismatch, 1},
    error_case{"trim(null)", errc::type_mismatch, 1},
    error_case{"startsWith(1, 'a')", errc::type_mismatch, 1},
    error_case{"matches(1, 'a')", errc::type_mismatch, 1},
    error_case{"matches('a', $.input.name + '(')", errc::bad_regex, 14},
    error_case{"number('abc')", errc::bad_number, 1},
    error_case{"number('')", errc::bad_number, 1},
    error_case{"number('0x10')", errc::bad_number, 1},
    error_case{"number('inf')", errc::bad_number, 1},
    error_case{"number(null)", errc::type_mismatch, 1},
    error_case{"number([1])", errc::type_mismatch, 1},
    error_case{"keys([1])", errc::type_mismatch, 1},
    error_case{"1e308 * 10", errc::type_mismatch, 1},
    error_case{"  $.input.name * 2", errc::type_mismatch, 3}));

INSTANTIATE_TEST_SUITE_P(compile_errors, fails_with, ::testing::Values(
    error_case{"", errc::syntax, 1},
    error_case{"   ", errc::syntax, 4},
    error_case{"1 +", errc::syntax, 4},
    error_case{"(1 + 2", errc::syntax, 7},
    error_case{"1 + 2)", errc::syntax, 6},
    error_case{"$.", errc::syntax, 3},
    error_case{"$.1abc", errc::syntax, 4},
    error_case{"$.a[", errc::syntax, 5},
    error_case{"$.a[1", errc::syntax, 6},
    error_case{"a.b", errc::syntax, 1},
    error_case{"'unterminated", errc::syntax, 1},
    error_case{"'bad \\q escape'", errc::syntax, 6},
    error_case{"'\\u12'", errc::syntax, 2},
    error_case{"'\\ud800'", errc::syntax, 2},
    error_case{"1 = 1", errc::syntax, 3},
    error_case{"a & b", errc::syntax, 3},
    error_case{"1 & 2", errc::syntax, 3},
    error_case{"1 | 2", errc::syntax, 3},
    error_case{"1 ? 2", errc::syntax, 6},
    error_case{"[1, 2", errc::syntax, 6},
    error_case{"[1 2]", errc::syntax, 4},
    error_case{"{a 1}", errc::syntax, 4},
    error_case{"{1: 2}", errc::syntax, 2},
    error_case{"{a: 1,}", errc::syntax, 7},
    error_case{"1 2", errc::syntax, 3},
    error_case{"1e", errc::syntax, 2},
    error_case{"12abc", errc::syntax, 3},
    error_case{"+1", errc::syntax, 1},
    error_case{"#", errc::syntax, 1},
    error_case{"1 @ 2", errc::syntax, 3},
    error_case{"in", errc::syntax, 1},
    error_case{"foo(1)", errc::unknown_function, 1},
    error_case{"len()", errc::arity, 1},
    error_case{"len(1, 2)", errc::arity, 1},
    error_case{"now(1)", errc::arity, 1},
    error_case{"contains('a')", errc::arity, 1},
    error_case{"coalesce()", errc::arity, 1},
    error_case{"matches('a', '(')", errc::bad_regex, 14},
    error_case{"len(1,)", errc::syntax, 7}));

TEST(evaluator, errors_report_the_column_of_the_failing_subexpression) {
  auto r = eval("$.input.n + ($.input.name - 1)", context);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().position, 14u);
  EXPECT_EQ(r.err().message, "'-' cannot take string and number");
}

TEST(evaluator, nonprintable_characters_are_named_by_their_byte) {
  auto r = eval(std::string("1 + \x01"), context);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.err().message.find("\\x01"), std::string::npos) << r.err().message;
}

}  // namespace
}  // namespace weft::core::expr

namespace weft::core::expr {
namespace {

// What users write for a time (delay.until): RFC 3339 with Z or an offset; the canonical
// form (event timestamps) is UTC only.
TEST(time_text, rfc3339_reads_offsets_and_fractions_and_refuses_the_rest) {
  const std::int64_t midnight = 1'577'836'800'000;  // 2020-01-01T00:00:00Z
  EXPECT_EQ(parse_rfc3339("2020-01-01T00:00:00Z"), midnight);
  EXPECT_EQ(parse_rfc3339("2020-01-01T01:00:00+01:00"), midnight);
  EXPECT_EQ(parse_rfc3339("2019-12-31T19:30:00-04:30"), midnight);
  EXPECT_EQ(parse_rfc3339("2020-01-01T00:00:00.5Z"), midnight + 500);
  EXPECT_EQ(parse_rfc3339("2020-01-01T00:00:00.123456Z"), midnight + 123);
  for (const char* bad : {"", "2020-01-01", "2020-01-01T00:00:00", "2020-13-01T00:00:00Z", "2020-01-01T00:00:00+1:00",
                          "2020-01-01T00:00:00.Z", "2020-01-01T00:00:00Zjunk", "next tuesday"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
  EXPECT_EQ(parse_iso_timestamp("2020-01-01T00:00:00.000Z"), midnight);
  EXPECT_FALSE(parse_iso_timestamp("2020-01-01T01:00:00+01:00")) << "not the canonical form";
}

// iso_timestamp writes its digits itself: the C library's calendar is the oracle, over the
// years 0000-9999 it covers, at the edges (leap days, negative times, the millisecond before
// and after a boundary) and at random; beyond them it is the C library's text.
TEST(evaluator, iso_timestamps_are_the_c_librarys_calendar) {
  const auto c_library = [](std::int64_t unix_ms) {
    std::int64_t secs = unix_ms / 1000, ms = unix_ms % 1000;
    if (ms < 0) ms += 1000, secs -= 1;
    const std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return std::string(buf);
  };
  std::vector<std::int64_t> times = {0, -1, 1, 999, 1000, -999, -1000, -1001, 951'782'400'000 /* 2000-02-29 */,
                                     1'709'164'800'000 /* 2024-02-29 */, 4'107'542'399'999 /* 2100-02-28T23:59:59.999 */,
                                     -62'167'219'200'000 /* 0000-01-01 */, -62'167'219'200'001,
                                     253'402'300'799'999 /* 9999-12-31T23:59:59.999 */, 253'402'300'800'000,
                                     std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()};
  std::uint64_t x = 88172645463325252ull;  // xorshift: the same times on every run
  for (int i = 0; i < 20'000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    times.push_back(-62'167'219'200'000 + static_cast<std::int64_t>(x % 315'569'520'000'000ull));
  }
  for (const std::int64_t t : times) {
    timestamp_buffer buf;
    ASSERT_EQ(iso_timestamp(t, buf), c_library(t)) << t;
    ASSERT_EQ(iso_timestamp(t), c_library(t)) << t;
  }
  EXPECT_EQ(iso_timestamp(1'764'000'000'123), "2025-11-24T16:00:00.123Z");
}

}  // namespace
}  // namespace weft::core::expr
