// The hub hears every durable event from the log writer and fans it out by topic, once per
// subscriber, never across tenants.
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "tests/actors/engine_node.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::actors {
namespace {

using hub_test = node_test;

bool subscribe(caf::scoped_actor& self, const caf::actor& hub, const std::string& tenant, const std::string& topic) {
  bool ok = false;
  self->request(hub, std::chrono::seconds(5), hub_subscribe{tenant, topic}).receive([&](bool b) { ok = b; }, [](caf::error&) {});
  return ok;
}

// Receives batches until the execution's terminal event; returns its events in arrival order.
std::vector<core::event> receive_until_end(caf::scoped_actor& self, std::size_t* batches = nullptr) {
  std::vector<core::event> got;
  bool done = false;
  while (!done) {
    bool timed_out = false;
    self->receive(
        [&](append_events& batch) {
          if (batches) ++*batches;
          for (const auto& w : batch.events) {
            core::event e;
            EXPECT_TRUE(from_wire(w, e));
            done |= core::is_terminal(e.type);
            got.push_back(std::move(e));
          }
        },
        caf::after(std::chrono::seconds(10)) >> [&] { timed_out = true; });
    if (timed_out) {
      ADD_FAILURE() << "no terminal event within 10 s";
      break;
    }
  }
  return got;
}

TEST_F(hub_test, a_subscriber_gets_every_event_of_its_execution_in_order_and_only_once_durable) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  ASSERT_TRUE(subscribe(self, n.hub, "acme", "execution:e1"));
  ASSERT_EQ(n.start("e1", workload("chain10"), {{"n", 1}}), "e1");
  std::vector<core::event> got = receive_until_end(self);
  const std::vector<core::event> logged = n.events("e1");
  ASSERT_EQ(got.size(), logged.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].seq, i + 1);  // no gap, no duplicate
    EXPECT_EQ(got[i].type, logged[i].type);
  }
  EXPECT_EQ(got.back().type, core::event_type::execution_completed);
}

TEST_F(hub_test, workflow_and_all_topics_deliver_each_batch_once) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  ASSERT_TRUE(subscribe(self, n.hub, "acme", "workflow:wf-1"));
  ASSERT_TRUE(subscribe(self, n.hub, "acme", "all_executions"));
  ASSERT_TRUE(subscribe(self, n.hub, "acme", "execution:e1"));
  n.start("e1", workload("chain10"), {{"n", 1}});
  std::vector<core::event> got = receive_until_end(self);
  EXPECT_EQ(got.size(), n.events("e1").size());  // three matching topics, one copy
}

TEST_F(hub_test, another_tenants_subscriber_hears_nothing) {
  node n(path());
  caf::scoped_actor intruder{*n.sys};
  ASSERT_TRUE(subscribe(intruder, n.hub, "other", "execution:e1"));
  ASSERT_TRUE(subscribe(intruder, n.hub, "other", "all_executions"));
  caf::scoped_actor owner{*n.sys};
  ASSERT_TRUE(subscribe(owner, n.hub, "acme", "execution:e1"));
  n.start("e1", workload("chain10"), {{"n", 1}});
  receive_until_end(owner);  // everything has been fanned out by now
  bool heard = false;
  intruder->receive([&](append_events&) { heard = true; }, caf::after(std::chrono::milliseconds(0)) >> [] {});
  EXPECT_FALSE(heard);
}

TEST_F(hub_test, unsubscribing_stops_delivery) {
  node n(path());
  caf::scoped_actor self{*n.sys};
  ASSERT_TRUE(subscribe(self, n.hub, "acme", "execution:e1"));
  bool was = false;
  self->request(n.hub, std::chrono::seconds(5), hub_unsubscribe{"acme", "execution:e1"}).receive([&](bool b) { was = b; }, [](caf::error&) {});
  EXPECT_TRUE(was);
  caf::scoped_actor watcher{*n.sys};
  ASSERT_TRUE(subscribe(watcher, n.hub, "acme", "execution:e1"));
  n.start("e1", workload("chain10"), {{"n", 1}});
  receive_until_end(watcher);
  bool heard = false;
  self->receive([&](append_events&) { heard = true; }, caf::after(std::chrono::milliseconds(0)) >> [] {});
  EXPECT_FALSE(heard);
  // Unsubscribing twice answers false.
  self->request(n.hub, std::chrono::seconds(5), hub_unsubscribe{"acme", "execution:e1"}).receive([&](bool b) { was = b; }, [](caf::error&) {});
  EXPECT_FALSE(was);
}


// The log writer hands the hub batches only while someone listens (hub_audience): the hub
// counts subscriptions as they come and go, and forgets those of a subscriber that stops.
TEST_F(hub_test, the_audience_follows_subscriptions_as_they_come_and_go) {
  node n(path());
  const auto audience = n.built->parts().hub_audience;
  ASSERT_NE(audience, nullptr);
  EXPECT_FALSE(audience->anyone());
  n.run("before", workload("chain10"), {{"n", 1}});  // nobody listens: the writer keeps its batches
  {
    caf::scoped_actor self{*n.sys};
    ASSERT_TRUE(subscribe(self, n.hub, "acme", "execution:e1"));
    EXPECT_TRUE(audience->anyone()) << "counted before the subscription is answered";
    n.start("e1", workload("chain10"), {{"n", 1}});
    const auto got = receive_until_end(self);
    EXPECT_EQ(got.size(), n.events("e1").size());
    bool was = false;
    self->request(n.hub, std::chrono::seconds(5), hub_unsubscribe{"acme", "execution:e1"}).receive([&](bool b) { was = b; }, [](caf::error&) {});
    EXPECT_TRUE(was);
    EXPECT_FALSE(audience->anyone());
    ASSERT_TRUE(subscribe(self, n.hub, "acme", "all_executions"));
    EXPECT_TRUE(audience->anyone());
  }  // the subscriber stops: the hub, monitoring it, forgets its subscription
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (audience->anyone() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the hub's down message: no event to await here
  }
  EXPECT_FALSE(audience->anyone());
}

}  // namespace
}  // namespace weft::actors
