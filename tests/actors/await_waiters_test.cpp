// The engine's awaits (actors/await_waiters.hpp): each leaves at its own deadline or with its
// execution's end, and the next deadline is always the earliest one still waiting.
#include <gtest/gtest.h>

#include <string>

#include "actors/await_waiters.hpp"

namespace weft::actors {
namespace {

TEST(await_waiters, each_await_leaves_at_its_own_deadline) {
  await_waiters<std::string> w;
  w.add("e1", "short", 100);
  w.add("e1", "long", 300);
  w.add("e2", "other", 200);
  w.add("e2", "forever", 0);
  EXPECT_EQ(w.next_deadline(), 100);
  EXPECT_TRUE(w.take_due(99).empty());
  auto due = w.take_due(200);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due["e1"], std::vector<std::string>{"short"});
  EXPECT_EQ(due["e2"], std::vector<std::string>{"other"});
  EXPECT_EQ(w.next_deadline(), 300);
  EXPECT_TRUE(w.has("e1"));
  EXPECT_EQ(w.size(), 2u);
}

TEST(await_waiters, an_execution_s_end_takes_all_its_awaits_and_their_deadlines) {
  await_waiters<std::string> w;
  w.add("e1", "a", 100);
  w.add("e1", "b", 0);
  w.add("e2", "c", 500);
  EXPECT_EQ(w.take("e1"), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(w.has("e1"));
  EXPECT_EQ(w.next_deadline(), 500) << "the ended execution's deadline is gone too";
  EXPECT_TRUE(w.take_due(400).empty());
  EXPECT_EQ(w.take("e2"), std::vector<std::string>{"c"});
  EXPECT_FALSE(w.next_deadline());
  EXPECT_EQ(w.size(), 0u);
}

TEST(await_waiters, one_await_can_leave_alone) {
  await_waiters<std::string> w;
  const auto first = w.add("e1", "first", 100);
  w.add("e1", "second", 200);
  EXPECT_EQ(w.take_one(first), std::optional<std::string>("first"));
  EXPECT_FALSE(w.take_one(first)) << "taken once";
  EXPECT_EQ(w.next_deadline(), 200);
  EXPECT_EQ(w.take("e1"), std::vector<std::string>{"second"});
}

}  // namespace
}  // namespace weft::actors
