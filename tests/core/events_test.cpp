// Event types and their JSON form (the shape the event log and the APIs serve).
#include <gtest/gtest.h>

#include "core/events.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

TEST(events, every_type_has_a_name_and_back) {
  for (int i = 0; i <= static_cast<int>(event_type::execution_timed_out); ++i) {
    auto t = static_cast<event_type>(i);
    auto name = to_string(t);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(event_type_from(name), t) << name;
  }
  EXPECT_FALSE(event_type_from("step_exploded"));
}

TEST(events, terminal_types) {
  EXPECT_TRUE(is_terminal(event_type::execution_completed));
  EXPECT_TRUE(is_terminal(event_type::execution_failed));
  EXPECT_TRUE(is_terminal(event_type::execution_cancelled));
  EXPECT_TRUE(is_terminal(event_type::execution_timed_out));
  EXPECT_FALSE(is_terminal(event_type::step_failed));
  EXPECT_FALSE(is_terminal(event_type::execution_started));
}

TEST(events, json_form_is_flat_with_an_iso_timestamp) {
  event e;
  e.seq = 7;
  e.type = event_type::step_completed;
  e.at_ms = 1'763'798'400'250;  // 2025-11-22T08:00:00.250Z
  e.step_id = "enrich_data";
  e.attempt = 2;
  e.data = {{"output", {{"success", true}}}, {"duration_ms", 1250}};
  json j = to_json(e);
  EXPECT_EQ(j, json::parse(R"({"seq": 7, "type": "step_completed", "timestamp": "2025-11-22T08:00:00.250Z",
    "step_id": "enrich_data", "attempt": 2, "output": {"success": true}, "duration_ms": 1250})"));
  auto back = event_from_json(j);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->seq, 7u);
  EXPECT_EQ(back->type, event_type::step_completed);
  EXPECT_EQ(back->at_ms, e.at_ms);
  EXPECT_EQ(back->step_id, "enrich_data");
  EXPECT_EQ(back->attempt, 2u);
  EXPECT_EQ(back->data, e.data);
}

TEST(events, execution_level_events_carry_no_step_fields) {
  event e;
  e.seq = 1;
  e.type = event_type::execution_created;
  e.at_ms = 0;
  e.data = {{"workflow_id", "w"}};
  json j = to_json(e);
  EXPECT_FALSE(j.contains("step_id"));
  EXPECT_FALSE(j.contains("attempt"));
  EXPECT_EQ(j["timestamp"], "1970-01-01T00:00:00.000Z");
}

TEST(events, timestamps_without_milliseconds_are_read_too) {
  auto e = event_from_json(json::parse(R"({"seq": 1, "type": "log", "timestamp": "2026-01-02T03:04:05Z"})"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at_ms % 1000, 0);
}

TEST(events, malformed_json_is_not_an_event) {
  for (const char* bad : {R"(5)", R"({})", R"({"seq": 1, "type": "nope", "timestamp": "2026-01-02T03:04:05Z"})",
                          R"({"seq": -1, "type": "log", "timestamp": "2026-01-02T03:04:05Z"})",
                          R"({"seq": 1, "type": "log", "timestamp": "yesterday"})",
                          R"({"seq": 1, "type": "log", "timestamp": "2026-01-02T03:04:05+02:00"})",
                          R"({"seq": "1", "type": "log", "timestamp": "2026-01-02T03:04:05Z"})"}) {
    EXPECT_FALSE(event_from_json(json::parse(bad))) << bad;
  }
}

}  // namespace
}  // namespace weft::core
