// An event's stored form: what is written reads back the same, and bytes that are not an
// event (a torn or foreign value on disk) are a corruption status, never an exception or a
// different event.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/codec.hpp"
#include "storage/event_codec.hpp"

namespace weft::storage {
namespace {

using json = nlohmann::json;

std::string cbor(const json& j) {
  const auto bytes = json::to_cbor(j);
  return {bytes.begin(), bytes.end()};
}

TEST(event_codec, an_event_reads_back_as_it_was_written) {
  core::event e;
  e.type = core::event_type::step_completed;
  e.at_ms = 1'700'000'000'123;
  e.step_id = "fetch";
  e.attempt = 3;
  e.data = {{"output", {{"ok", true}, {"bytes", json::binary({1, 2, 3})}}}};
  std::vector<core::event> read;
  ASSERT_TRUE(event_codec::decode(42, event_codec::encode(e), read).is_ok());
  ASSERT_EQ(read.size(), 1u);
  const core::event& back = read.front();
  EXPECT_EQ(back.seq, 42u);
  EXPECT_EQ(back.type, e.type);
  EXPECT_EQ(back.at_ms, e.at_ms);
  EXPECT_EQ(back.step_id, "fetch");
  EXPECT_EQ(back.attempt, 3u);
  EXPECT_EQ(back.data, e.data);
}

// The stored form is fixed (logs written by earlier versions are read by later ones): the
// CBOR of [type, at_ms, step_id, attempt, data], however the encoder builds it.
TEST(event_codec, the_stored_form_is_the_cbor_of_a_five_element_array) {
  core::event e;
  e.type = core::event_type::step_failed;
  e.at_ms = -5;  // negative and unsigned numbers encode differently in CBOR
  e.step_id = std::string(300, 's');  // a string longer than a one-byte length
  e.attempt = 70'000;
  e.data = {{"error", {{"code", "timeout"}}}, {"will_retry", false}, {"n", 1.5}};
  EXPECT_EQ(event_codec::encode(e), cbor(json::array({static_cast<int>(e.type), e.at_ms, e.step_id, e.attempt, e.data})));
}

TEST(event_codec, bytes_that_are_not_an_event_are_a_corruption) {
  const std::vector<std::string> values = {
      "",
      "\xff\x00garbage",
      cbor(json::object()),
      cbor(json::array({4, 1, "s", 1})),                      // a field short
      cbor(json::array({"step_completed", 1, "s", 1, {}})),   // type by name
      cbor(json::array({99, 1, "s", 1, {}})),                 // no such type
      cbor(json::array({(1ULL << 32) + 4, 1, "s", 1, {}})),   // was read as type 4 (int truncation)
      cbor(json::array({4, "yesterday", "s", 1, {}})),
      cbor(json::array({4, 1, 7, 1, {}})),
      cbor(json::array({4, 1, "s", -1, {}})),
      cbor(json::array({4, 1, "s", (1ULL << 32) + 1, {}})),  // was read as attempt 1
      // Found by fuzz_codecs: an array or object claiming 2^63 elements threw out of
      // nlohmann's non-throwing decoder and ended the process.
      std::string("\x9b\x80\x00\x00\x00\x00\x00\x00\x00", 9),
      std::string("\x85\x04\x01\x61s\x01\xbb\x80\x00\x00\x00\x00\x00\x00\x00", 14),
      // Found by fuzz_codecs' 30-minute run: a time stored as a float (NaN) was converted to
      // an integer (undefined behaviour); a time is an integer of milliseconds.
      cbor(json::array({4, std::nan(""), "s", 1, {}})),
      cbor(json::array({4, 1.5, "s", 1, {}})),
      cbor(json::array({4, UINT64_MAX, "s", 1, {}})),  // beyond int64: was read as -1
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::vector<core::event> out;
    const status s = event_codec::decode(9, values[i], out);
    EXPECT_EQ(s.which(), status::code::corruption) << "value " << i << ": " << s.to_string();
    EXPECT_TRUE(out.empty()) << "value " << i;
  }
}

// A commit's consecutive events share one value: the CBOR array of their arrays, stored under
// the last one's seq; the seqs before it are counted back from it.
TEST(event_codec, a_run_is_the_array_of_its_events_and_ends_at_the_keys_seq) {
  std::vector<core::event> events(3);
  std::vector<core::event_ref> refs;
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].seq = 5 + i;
    events[i].type = core::event_type::log;
    events[i].at_ms = 100 + static_cast<std::int64_t>(i);
    events[i].step_id = "s" + std::to_string(i);
    events[i].data = {{"message", i}};
    refs.push_back(core::ref_of(events[i]));
  }
  const std::string value = event_codec::encode(refs);
  json arrays = json::array();
  for (const auto& e : events) arrays.push_back(json::array({static_cast<int>(e.type), e.at_ms, e.step_id, e.attempt, e.data}));
  EXPECT_EQ(value, cbor(arrays));
  std::vector<core::event> back = {core::event{}};  // appended to, not replaced
  ASSERT_TRUE(event_codec::decode(7, value, back).is_ok());
  ASSERT_EQ(back.size(), 4u);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(back[i + 1].seq, events[i].seq);
    EXPECT_EQ(back[i + 1].at_ms, events[i].at_ms);
    EXPECT_EQ(back[i + 1].step_id, events[i].step_id);
    EXPECT_EQ(back[i + 1].data, events[i].data);
  }
  // Longer runs take the one-, two- and four-byte CBOR lengths (event_log writes at most
  // max_run; the codec takes any).
  for (std::size_t n : {23, 24, 255, 256, 65535, 65536}) {
    std::vector<core::event_ref> many(n, refs.front());
    const std::string encoded = event_codec::encode(many);
    EXPECT_EQ(encoded, cbor(json::array_t(n, arrays.front()))) << n;
    std::vector<core::event> out;
    ASSERT_TRUE(event_codec::decode(100'000, encoded, out).is_ok()) << n;
    ASSERT_EQ(out.size(), n);
    EXPECT_EQ(out.front().seq, 100'000 - n + 1);
    EXPECT_EQ(out.back().seq, 100'000u);
  }
}

TEST(event_codec, a_run_with_a_damaged_event_or_more_events_than_its_seq_is_a_corruption) {
  const json good = json::array({4, 1, "s", 1, json::object()});
  const std::vector<std::pair<std::uint64_t, std::string>> values = {
      {2, cbor(json::array({good, good, good}))},                     // seqs 0, 1, 2: there is no seq 0
      {9, cbor(json::array({good, json::array({4, 1, "s"}), good}))},  // the second is short
      {9, cbor(json::array({good, 7}))},
      {9, cbor(json::array({json::array()}))},
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::vector<core::event> out;
    const status s = event_codec::decode(values[i].first, values[i].second, out);
    EXPECT_EQ(s.which(), status::code::corruption) << "value " << i << ": " << s.to_string();
    EXPECT_TRUE(out.empty()) << "value " << i << ": nothing of a damaged run is read";
  }
}

// Records other than events (summaries, secrets, schedules, usage counters, idempotency keys)
// are read field by field; a damaged record gives the field's fallback, never an exception
// (nlohmann's value() threw on a record that was not an object or held another type).
TEST(codec, a_field_of_a_damaged_record_reads_as_its_fallback) {
  const nlohmann::json good = {{"status", "completed"}, {"at_ms", 1700}};
  EXPECT_EQ(codec::text_or(good, "status"), "completed");
  EXPECT_EQ(codec::integer_or(good, "at_ms"), 1700);
  for (const nlohmann::json& damaged : {nlohmann::json("a string"), nlohmann::json(nullptr), nlohmann::json::array({1, 2}),
                                        nlohmann::json{{"status", 7}, {"at_ms", "1700"}},
                                        nlohmann::json{{"status", nullptr}, {"at_ms", std::nan("")}},
                                        nlohmann::json{{"at_ms", 1.5}},
                                        nlohmann::json{{"at_ms", std::numeric_limits<std::uint64_t>::max()}}}) {
    EXPECT_EQ(codec::text_or(damaged, "status", "fallback"), "fallback") << damaged.dump();
    EXPECT_EQ(codec::integer_or(damaged, "at_ms", -3), -3) << damaged.dump();
  }
}

// Found by fuzz_codecs (its fourth 30-minute run): 4 KB of CBOR arrays nested in each other
// overflowed the stack of nlohmann's recursive reader. A stored value deeper than the limit is
// a corruption; one as deep as any value Weft writes reads back.
TEST(codec, a_value_nested_beyond_reason_is_a_corruption_not_a_stack_overflow) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '\x81') + '\xf6'; };  // [[[...null...]]]
  nlohmann::json out;
  const status deep = codec::decode(nested(200'000), out, "snapshot");
  EXPECT_EQ(deep.which(), status::code::corruption) << deep.message();
  EXPECT_NE(deep.message().find("nests deeper than"), std::string::npos) << deep.message();
  EXPECT_TRUE(out.is_null());
  ASSERT_TRUE(codec::decode(nested(1000), out, "snapshot").is_ok());
  EXPECT_TRUE(out.is_array());
  const nlohmann::json written = nlohmann::json::parse(std::string(128, '[') + std::string(128, ']'));
  ASSERT_TRUE(codec::decode(codec::encode(written), out, "event").is_ok());
  EXPECT_EQ(out, written);
}

}  // namespace
}  // namespace weft::storage
