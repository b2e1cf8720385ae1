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
std::string start_status(node& n, const std::string& id, int sleep_ms, const std::string& tenant = "acme", std::int32_t priority = 0) {
  caf::scoped_actor self{*n.sys};
  std::string status;
  self->request(n.engine, std::chrono::seconds(10),
                start_execution{tenant, id, "wf-1", 1, workload("sleepers").dump(), json{{"sleep_ms", sleep_ms}, {"n", 1}}.dump(), "",
                                priority})
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
  // e1 and e2 end apart, so slots free one at a time: e3 takes the first, and e4 can only
  // start after e3 (when e3 or e2 ends) unless the queue is not first-in first-out. (Two
  // slots freed together would start e3 and e4 at once, their clocks a millisecond either way.)
  EXPECT_EQ(start_status(n, "e1", 150), "running");
  EXPECT_EQ(start_status(n, "e2", 400), "running");
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

// SPEC §6: a tenant flooding the queue delays another tenant's first execution by at most
// one turn — the queue is served round-robin across tenants, not first come first served.
TEST_F(admission_test, a_flooding_tenant_does_not_starve_another) {
  node n(path(), {.max_active = 1});
  EXPECT_EQ(start_status(n, "a0", 200), "running");
  for (int i = 1; i <= 20; ++i) EXPECT_EQ(start_status(n, "a" + std::to_string(i), 5), "pending");
  EXPECT_EQ(start_status(n, "g1", 5, "globex"), "pending");
  EXPECT_EQ(n.await("g1", 10'000, "globex")["status"], "completed");
  const std::int64_t g1_started = at_of(n.events("g1", "globex"), core::event_type::execution_started);
  EXPECT_EQ(n.await("a20")["status"], "completed");
  int acme_before = 0;
  for (int i = 1; i <= 20; ++i) {
    if (at_of(n.events("a" + std::to_string(i)), core::event_type::execution_started) <= g1_started) ++acme_before;
  }
  EXPECT_LE(acme_before, 1) << "globex waited behind " << acme_before << " of acme's queued executions";
}

// A tenant at its own concurrency limit queues; another tenant starts at once.
TEST_F(admission_test, a_tenant_at_its_limit_queues_while_others_start) {
  node n(path(), {.tenant_concurrency = [](const std::string& tenant) { return tenant == "acme" ? std::int64_t{1} : std::int64_t{-1}; }});
  EXPECT_EQ(start_status(n, "a1", 300), "running");
  EXPECT_EQ(start_status(n, "a2", 5), "pending");
  EXPECT_EQ(start_status(n, "g1", 5, "globex"), "running");
  EXPECT_EQ(start_status(n, "g2", 5, "globex"), "running");
  const json queued = n.await("a2", 1);
  EXPECT_EQ(queued["status"], "pending");
  EXPECT_EQ(queued["queue_position"], 1);
  EXPECT_EQ(n.await("a2")["status"], "completed");
  EXPECT_GE(at_of(n.events("a2"), core::event_type::execution_started), at_of(n.events("a1"), core::event_type::execution_completed));
}

// Within a tenant's line, a higher priority starts first; equal ones keep their order. The
// order survives a restart (the priority is in the first event).
TEST_F(admission_test, higher_priorities_start_first_within_a_tenant) {
  auto one_at_a_time = [](const std::string& tenant) { return tenant == "acme" ? std::int64_t{1} : std::int64_t{-1}; };
  {
    node n(path(), {.tenant_concurrency = one_at_a_time});
    EXPECT_EQ(start_status(n, "a1", 300), "running");
    EXPECT_EQ(start_status(n, "low", 5, "acme", 0), "pending");
    EXPECT_EQ(start_status(n, "high", 5, "acme", 50), "pending");
    EXPECT_EQ(start_status(n, "low2", 5, "acme", 0), "pending");
    EXPECT_EQ(n.await("high", 1)["queue_position"], 1);
    EXPECT_EQ(n.await("low", 1)["queue_position"], 2);
    EXPECT_EQ(n.await("low2", 1)["queue_position"], 3);
  }
  node n(path(), {.tenant_concurrency = one_at_a_time});
  for (const char* id : {"a1", "high", "low", "low2"}) EXPECT_EQ(n.await(id)["status"], "completed") << id;
  const auto started = [&n](const char* id) { return at_of(n.events(id), core::event_type::execution_started); };
  EXPECT_LE(started("high"), started("low"));
  EXPECT_LE(started("low"), started("low2"));
}

}  // namespace
}  // namespace weft::actors
