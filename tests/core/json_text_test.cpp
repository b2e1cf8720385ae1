// json_text writes what nlohmann's dump() writes, byte for byte: the state text an ended
// execution hands over is compared by clients with what GET returns (built by dump()).
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

std::string written(const json& j) {
  std::string out = "prefix:";  // appends, keeps what was there
  json_text text(out);
  if (j.is_string()) {
    text.string(j.get_ref<const std::string&>());
  } else if (j.is_number_integer() && !j.is_number_unsigned()) {
    text.integer(j.get<std::int64_t>());
  } else if (j.is_number_unsigned()) {
    text.unsigned_integer(j.get<std::uint64_t>());
  } else {
    text.value(j);
  }
  return out;
}

TEST(json_text, strings_numbers_and_values_are_written_as_dump_writes_them) {
  const json samples[] = {
      "", "plain", "with \"quotes\" and \\ backslash", "tab\tnew\nline\r\b\f", std::string("nul\0byte", 8),
      "\x01\x1f control", "del \x7f", "é ü 中文 🎉", "</script>", "a/b",
      0, -1, 1, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
      std::numeric_limits<std::uint64_t>::max(), 0.5, -0.0, 1e300, 100.0, 33.3, nullptr, true, false,
      json::array(), json::object(), json::parse(R"({"b":[1,{"z":null,"a":"x"}],"a":{"é":1.25}})")};
  for (const json& j : samples) EXPECT_EQ(written(j), "prefix:" + j.dump()) << j.dump();
}

TEST(json_text, an_object_written_member_by_member_is_its_dump) {
  const json j = {{"a", 1}, {"b", "two"}, {"c", json::array({1, 2})}, {"d", nullptr}};
  std::string out;
  json_text text(out);
  text.open_object().key("a").integer(1).comma().key("b").string("two").comma().key("c").value(j["c"]);
  text.comma().key("d").string_or_null("").close_object();
  EXPECT_EQ(out, j.dump());
}

TEST(json_text, invalid_utf8_is_refused_as_dump_refuses_it) {
  const std::string truncated = "caf\xc3";
  EXPECT_THROW((void)json(truncated).dump(), json::type_error);
  std::string out;
  json_text text(out);
  EXPECT_THROW(text.string(truncated), json::type_error);
}

}  // namespace
}  // namespace weft::core
