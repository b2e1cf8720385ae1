// shared_json, the JSON an execution hands to each attempt: shared between actors without a
// copy, and copied on write only while another handle still holds it — the attempt running
// with the context it began with never sees it change (under TSan: no data race either way).
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "actors/messages.hpp"

namespace weft::actors {
namespace {

using nlohmann::json;

TEST(shared_json, an_edit_copies_only_what_another_handle_still_holds) {
  shared_json owner{json{{"input", 1}}};
  const json* before = &owner.get();
  owner.edit()["a"] = 1;
  EXPECT_EQ(&owner.get(), before) << "no other handle: changed in place";

  shared_json attempt = owner;  // handed to an attempt
  EXPECT_EQ(&attempt.get(), &owner.get()) << "shared, not copied";
  owner.edit()["b"] = 2;
  EXPECT_EQ(attempt.get(), json({{"input", 1}, {"a", 1}})) << "the attempt keeps the context it began with";
  EXPECT_EQ(owner.get(), json({{"input", 1}, {"a", 1}, {"b", 2}}));

  const json* copy = &owner.get();
  attempt = shared_json{};  // the attempt is done
  owner.edit()["c"] = 3;
  EXPECT_EQ(&owner.get(), copy) << "the attempt let go: in place again";

  shared_json empty;
  EXPECT_TRUE(empty.get().is_null());
  empty.edit() = 5;
  EXPECT_EQ(empty.get(), 5);
}

// The owner learns that the attempt is done only through the count (the flag below is
// relaxed: it orders nothing), as an execution does when its step run ends on another
// thread; its edit in place must come after everything the attempt read.
TEST(shared_json, an_attempt_on_another_thread_reads_the_context_before_the_owner_changes_it_in_place) {
  shared_json owner{json{{"n", 0}}};
  int in_place = 0;
  for (int round = 0; round < 200; ++round) {
    std::atomic<bool> done{false};
    std::size_t seen = 0;
    std::thread attempt([handle = owner, &done, &seen]() mutable {
      seen = handle.get().dump().size();  // reads the whole value
      handle = shared_json{};
      done.store(true, std::memory_order_relaxed);
    });
    while (!done.load(std::memory_order_relaxed)) std::this_thread::yield();
    const json* before = &owner.get();
    owner.edit()["n"] = round + 1;
    if (&owner.get() == before) ++in_place;
    attempt.join();
    EXPECT_GT(seen, 0u);
  }
  EXPECT_EQ(in_place, 200) << "each attempt had let go before the owner's edit";
  EXPECT_EQ(owner.get()["n"], 200);
}

}  // namespace
}  // namespace weft::actors
