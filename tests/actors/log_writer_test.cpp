// The log writer against a real RocksDB: every append is answered only once durable, and
// appends that arrive together are committed together (group commit).
#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "actors/log_writer.hpp"
#include "actors/messages.hpp"
#include "actors/system_config.hpp"
#include "storage/database.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::actors {
namespace {

core::event make_event(std::uint64_t seq, core::event_type type) {
  core::event e;
  e.seq = seq;
  e.type = type;
  e.at_ms = 1'000 + static_cast<std::int64_t>(seq);
  e.step_id = type == core::event_type::execution_created ? "" : "s";
  e.data = {{"n", seq}};
  return e;
}

append_events message(const std::string& execution, std::uint64_t first_seq, std::uint64_t count) {
  append_events m{"acme", execution, {}, "", "wf", ""};
  for (std::uint64_t s = first_seq; s < first_seq + count; ++s) {
    m.events.push_back(to_wire(make_event(s, s == 1 ? core::event_type::execution_created : core::event_type::log)));
  }
  return m;
}

class log_writer_test : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::database_options options;
    options.path = dir_.path() + "/db";
    ASSERT_OK(storage::database::open(options, db_));
    log_ = std::make_unique<storage::event_log>(*db_);
  }
  storage::testing::temp_dir dir_;
  std::unique_ptr<storage::database> db_;
  std::unique_ptr<storage::event_log> log_;
};

TEST_F(log_writer_test, an_append_is_answered_once_it_is_durable) {
  system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = spawn_log_writer(sys, *log_);
  caf::scoped_actor self{sys};
  std::uint64_t committed = 0;
  self->request(writer, caf::infinite, message("e1", 1, 3))
      .receive([&](std::uint64_t n) { committed = n; },
               [&](caf::error& err) { FAIL() << sys.render(err); });
  EXPECT_EQ(committed, 3u);
  std::vector<core::event> events;
  ASSERT_OK(log_->read("acme", "e1", 0, 10, events));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, core::event_type::execution_created);
  EXPECT_EQ(events[2].data["n"], 3);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_F(log_writer_test, appends_that_arrive_together_share_one_commit) {
  system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = spawn_log_writer(sys, *log_);
  caf::scoped_actor self{sys};
  constexpr int executions = 200;
  for (int i = 0; i < executions; ++i) self->send(writer, message("x" + std::to_string(i), 1, 2));
  std::uint64_t largest_group = 0;
  int answered = 0;
  self->receive_for(answered, executions)(
      [&](std::uint64_t group) { largest_group = std::max(largest_group, group); },
      [&](caf::error& err) { FAIL() << sys.render(err); });
  EXPECT_EQ(answered, executions);
  EXPECT_GT(largest_group, 2u) << "every append was committed on its own: no group commit";
  for (int i = 0; i < executions; ++i) {
    std::vector<core::event> events;
    ASSERT_OK(log_->read("acme", "x" + std::to_string(i), 0, 10, events));
    EXPECT_EQ(events.size(), 2u);
  }
  std::vector<storage::execution_ref> active;
  ASSERT_OK(log_->active_executions(active));
  EXPECT_EQ(active.size(), static_cast<std::size_t>(executions));
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST_F(log_writer_test, a_failed_commit_is_an_error_for_every_append_in_it) {
  system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = spawn_log_writer(sys, *log_);
  caf::scoped_actor self{sys};
  append_events bad{"acme", std::string("a\0b", 3), {to_wire(make_event(1, core::event_type::execution_created))}, "", "wf", ""};
  bool failed = false;
  self->request(writer, caf::infinite, bad)
      .receive([&](std::uint64_t) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
  wire_event corrupt = to_wire(make_event(1, core::event_type::log));
  corrupt.type = 200;
  failed = false;
  self->request(writer, caf::infinite, append_events{"acme", "e", {corrupt}, "", "wf", ""})
      .receive([&](std::uint64_t) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

// execution_created names its definition by digest; the writer stores the definition once
// per tenant, and the hub's listeners get the event as every reader of the log sees it.
TEST_F(log_writer_test, a_definition_is_stored_once_and_the_hub_hears_it_in_place) {
  system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto writer = spawn_log_writer(sys, *log_, nullptr, caf::actor_cast<caf::actor>(self));
  const nlohmann::json definition = {{"steps", {{{"id", "t"}, {"type", "trigger"}}}}};
  const std::string digest(64, 'd');
  auto starting = [&](const std::string& execution) {
    append_events m = message(execution, 1, 2);
    m.events.front().data = shared_json({{"workflow_id", "wf"}, {"definition_digest", digest}});
    m.definition_digest = digest;
    m.definition = cbor_of(definition);
    return m;
  };
  for (const char* execution : {"e1", "e2"}) {
    self->request(writer, caf::infinite, starting(execution)).receive([](std::uint64_t) {}, [&](caf::error& err) { FAIL() << sys.render(err); });
    self->receive([&](append_events& heard) {
      EXPECT_EQ(heard.execution_id, execution);
      EXPECT_EQ(heard.events.front().data.get(), nlohmann::json({{"workflow_id", "wf"}, {"definition", definition}}));
      EXPECT_TRUE(heard.definition.empty() && heard.definition_digest.empty()) << "the hub gets no stored forms";
    });
  }
  std::size_t stored = 0;
  ASSERT_OK(db_->scan(storage::family::definitions, "", "", [&](std::string_view, std::string_view) { return ++stored, true; }));
  EXPECT_EQ(stored, 1u);
  for (const char* execution : {"e1", "e2"}) {
    std::vector<core::event> events;
    ASSERT_OK(log_->read("acme", execution, 0, 10, events));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].data["definition"], definition) << execution;
  }
  // A digest without the definition would name nothing on disk: refused, nothing written.
  append_events half = starting("e3");
  half.definition.clear();
  bool failed = false;
  self->request(writer, caf::infinite, half).receive([](std::uint64_t) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
  bool used = true;
  ASSERT_OK(log_->has_events("acme", "e3", used));
  EXPECT_FALSE(used);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
}

TEST(wire_event, round_trips_every_field) {
  core::event e = make_event(42, core::event_type::step_failed);
  e.attempt = 3;
  e.data = {{"error", {{"code", "timeout"}}}, {"will_retry", true}, {"next_retry_at", 123}};
  core::event back;
  ASSERT_TRUE(from_wire(to_wire(e), back));
  EXPECT_EQ(back.seq, 42u);
  EXPECT_EQ(back.type, core::event_type::step_failed);
  EXPECT_EQ(back.at_ms, e.at_ms);
  EXPECT_EQ(back.step_id, "s");
  EXPECT_EQ(back.attempt, 3u);
  EXPECT_EQ(back.data, e.data);
  wire_event bad = to_wire(e);
  bad.type = 99;
  EXPECT_FALSE(from_wire(bad, back));
}

}  // namespace
}  // namespace weft::actors
