// Placement: the least loaded node with a free slot, this one first among equals, this one
// when every slot is taken; slots come back on release and with a worker that leaves.
#include <gtest/gtest.h>

#include <caf/all.hpp>

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

}  // namespace
}  // namespace weft::actors
