// Admission: beyond max_active executions with actors, starts are queued as pending (their
// first event durable) and start in order as others end; the queue survives a restart, and
// a cancel reaches a queued execution at once.
#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::actors {
namespace {

using admission_test = node_test;

// The status a start answers with ("running" or "pending").
std::string start_status(node& n, const std::string& id, int sleep_ms) {
  caf::scoped_actor self{*n.sys};
  std::string status;
  self->request(n.engine, std::chrono::seconds(10),
                start_execution{"acme", id, "wf-1", 1, workload("sleepers").dump(), json{{"sleep_ms", sleep_ms}, {"n", 1}}.dump()})
      .receive([&](std::string& s) { status = s; }, [&](caf::error& err) { ADD_FAILURE() << n.sys->render(err); });
  return status;
}

std::int64_t at_of(const std::vector<core::event>& events, core::event_type type) {
  for (const auto& e : events) {
    if (e.type == type) return e.at_ms;
  }
  return -1;
}

TEST_F(admission_test, starts_beyond_the_limit_wait_as_pending_and_run_in_order) {
  node n(path(), {.max_active = 2});
  EXPECT_EQ(start_status(n, "e1", 200), "running");
  EXPECT_EQ(start_status(n, "e2", 200), "running");
  EXPECT_EQ(start_status(n, "e3", 10), "pending");
  EXPECT_EQ(start_status(n, "e4", 10), "pending");
  EXPECT_EQ(n.await("e3", 1)["status"], "pending");
  for (const char* id : {"e1", "e2", "e3", "e4"}) EXPECT_EQ(n.await(id)["status"], "completed") << id;
  // e3 started only once e1 or e2 had ended, and e4 not before e3.
  const std::int64_t first_end = std::min(at_of(n.events("e1"), core::event_type::execution_completed),
                                          at_of(n.events("e2"), core::event_type::execution_completed));
  EXPECT_GE(at_of(n.events("e3"), core::event_type::execution_started), first_end);
  EXPECT_GE(at_of(n.events("e4"), core::event_type::execution_started), at_of(n.events("e3"), core::event_type::execution_started));
}

TEST_F(admission_test, the_queue_survives_a_restart) {
  {
    node n(path(), {.max_active = 1});
    EXPECT_EQ(start_status(n, "e1", 300), "running");
    EXPECT_EQ(start_status(n, "e2", 10), "pending");
  }
  node n(path(), {.max_active = 1});
  EXPECT_EQ(n.await("e1")["status"], "completed");
  EXPECT_EQ(n.await("e2")["status"], "completed");
  EXPECT_GE(at_of(n.events("e2"), core::event_type::execution_started),
            at_of(n.events("e1"), core::event_type::execution_completed));
}

TEST_F(admission_test, a_queued_execution_is_cancelled_without_waiting_its_turn) {
  node n(path(), {.max_active = 1});
  EXPECT_EQ(start_status(n, "e1", 5000), "running");
  EXPECT_EQ(start_status(n, "e2", 10), "pending");
  caf::scoped_actor self{*n.sys};
  bool cancelled = false;
  const auto before = std::chrono::steady_clock::now();
  self->request(n.engine, std::chrono::seconds(5), cancel_execution{"acme", "e2", "not needed"})
      .receive([&](bool ok) { cancelled = ok; }, [&](caf::error& err) { FAIL() << n.sys->render(err); });
  EXPECT_TRUE(cancelled);
  // It is brought in from its log to be cancelled (a few commits), not left to wait 5 s.
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(1000));
  EXPECT_EQ(n.await("e2")["status"], "cancelled");
}

TEST_F(admission_test, an_id_in_the_queue_cannot_start_twice) {
  node n(path(), {.max_active = 1});
  EXPECT_EQ(start_status(n, "e1", 300), "running");
  EXPECT_EQ(start_status(n, "e2", 10), "pending");
  caf::scoped_actor self{*n.sys};
  bool refused = false;
  self->request(n.engine, std::chrono::seconds(5), start_execution{"acme", "e2", "wf-1", 1, workload("sleepers").dump(), "{}"})
      .receive([](std::string&) {}, [&](caf::error&) { refused = true; });
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace weft::actors
