// Placement: the least loaded node with a free slot, this one first among equals, this one
// when every slot is taken; slots come back on release and with a worker that leaves. An
// attempt pinned to labels goes only to a worker with all of them, and waits for one.
#include <gtest/gtest.h>

#include <caf/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/system_config.hpp"
#include "actors/worker_pool.hpp"

namespace weft::actors {
namespace {

caf::behavior idle() {
  return {[](int) {}};
}

class worker_pool_test : public ::testing::Test {
 protected:
  system_config cfg_;
  caf::actor_system sys_{cfg_};
  caf::actor a_ = sys_.spawn(idle);
  caf::actor b_ = sys_.spawn(idle);
};

TEST_F(worker_pool_test, attempts_go_to_the_least_loaded_node_with_a_free_slot) {
  worker_pool pool(1);
  pool.add({"a", a_, 2, {}, 0, 0});
  pool.add({"b", b_, 1, {}, 0, 0});
  EXPECT_EQ(pool.place(), caf::actor{}) << "here first among equals (all idle)";
  // Here 1/1, a 0/2, b 0/1: a and b tie at 0, a comes first.
  EXPECT_EQ(pool.place(), a_);
  EXPECT_EQ(pool.place(), b_) << "b at 0/1 is less loaded than a at 1/2";
  EXPECT_EQ(pool.place(), a_) << "only a has a slot left";
  EXPECT_EQ(pool.place(), caf::actor{}) << "every slot taken: here, never refused";
  EXPECT_EQ(pool.local_in_flight(), 2u);
  EXPECT_EQ(pool.placed_on_workers(), 3u);
  pool.release(b_);
  EXPECT_EQ(pool.place(), b_) << "a slot given back is taken again";
}

TEST_F(worker_pool_test, a_worker_that_leaves_takes_nothing_more_and_one_that_joins_again_keeps_its_count) {
  worker_pool pool(0);
  EXPECT_EQ(pool.place(), caf::actor{}) << "no workers: here";
  pool.release({});
  pool.add({"a", a_, 1, {}, 0, 0});
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.place(), a_);
  pool.add({"a", a_, 3, {}, 0, 0});  // the same runner again: its attempt in flight still counts
  EXPECT_EQ(pool.workers().front().in_flight, 1u);
  EXPECT_EQ(pool.workers().front().slots, 3u);
  EXPECT_TRUE(pool.remove(a_.address()));
  EXPECT_FALSE(pool.remove(a_.address()));
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.place(), caf::actor{});
  pool.release(a_);  // an attempt of the worker that left ends: nothing to give back, no harm
}

TEST_F(worker_pool_test, a_pinned_attempt_goes_only_to_a_worker_with_every_label_and_waits_for_a_slot_on_one) {
  worker_pool pool(4, {{"http", {"egress"}}});
  EXPECT_EQ(pool.pinned_labels("http"), (std::vector<std::string>{"egress"}));
  EXPECT_TRUE(pool.pinned_labels("llm").empty());
  caf::scoped_actor supervisor{sys_};
  pool.add({"plain", a_, 4, {}, 0, 0});
  pool.add({"gpu", b_, 1, {"gpu", "eu"}, 0, 0});
  EXPECT_EQ(pool.place_pinned({"gpu"}, supervisor, "s1", 1), b_) << "b has the label and a free slot";
  EXPECT_EQ(pool.place_pinned({"gpu"}, supervisor, "s2", 1), caf::actor{}) << "b is full: it waits, here and a stay free";
  EXPECT_EQ(pool.place_pinned({"gpu", "us"}, supervisor, "s3", 1), caf::actor{}) << "no worker has both labels";
  EXPECT_EQ(pool.waiting(), 2u);
  EXPECT_EQ(pool.local_in_flight(), 0u);
  EXPECT_EQ(pool.place(), caf::actor{}) << "an unpinned attempt still runs here first";
  pool.release({});

  pool.release(b_);  // s1 ends: its slot goes to the first waiter that fits
  supervisor->receive([&](const pinned_slot& slot) {
    EXPECT_EQ(slot.step_id, "s2");
    EXPECT_EQ(slot.attempt, 1u);
    EXPECT_EQ(slot.runner, b_);
  });
  EXPECT_EQ(pool.waiting(), 1u);
  EXPECT_EQ(pool.workers()[1].in_flight, 1u) << "the slot was taken for s2";

  caf::actor c = sys_.spawn(idle);
  pool.add({"gpu-us", c, 2, {"us", "gpu"}, 0, 0});  // a worker that fits joins
  supervisor->receive([&](const pinned_slot& slot) {
    EXPECT_EQ(slot.step_id, "s3");
    EXPECT_EQ(slot.runner, c);
  });
  EXPECT_EQ(pool.waiting(), 0u);
  anon_send_exit(c, caf::exit_reason::user_shutdown);
}

TEST_F(worker_pool_test, an_attempt_that_stops_waiting_is_sent_no_slot) {
  worker_pool pool(0);
  caf::scoped_actor supervisor{sys_};
  EXPECT_EQ(pool.place_pinned({"gpu"}, supervisor, "s1", 1), caf::actor{});
  EXPECT_EQ(pool.place_pinned({"gpu"}, supervisor, "s2", 1), caf::actor{});
  pool.stop_waiting(supervisor->address(), "s1");
  pool.add({"gpu", a_, 1, {"gpu"}, 0, 0});
  supervisor->receive([&](const pinned_slot& slot) { EXPECT_EQ(slot.step_id, "s2") << "s1 stopped waiting"; });
  EXPECT_EQ(pool.waiting(), 0u);
  EXPECT_EQ(pool.workers()[0].in_flight, 1u);
}

}  // namespace
}  // namespace weft::actors
