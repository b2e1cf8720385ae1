// Weft's scheduler (actors/scheduler.hpp): an actor that ends without ever setting a timeout
// does not wake CAF's clock thread, and every kind of timeout still fires, or is cancelled
// with its actor, as CAF's own clock does it.
#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "actors/system_config.hpp"

namespace weft::actors {
namespace {

using namespace std::chrono_literals;

// The voluntary context switches of this process's thread named `name` so far: each one is
// the thread going to sleep, so their count is how often it was woken.
std::optional<long> voluntary_switches(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    if (!std::getline(comm, thread_name) || thread_name != name) continue;
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);) {
      const std::string key = "voluntary_ctxt_switches:";
      if (line.compare(0, key.size(), key) == 0) return std::stol(line.substr(key.size()));
    }
  }
  return std::nullopt;
}

// Answers one message, then ends.
caf::behavior answer_once(caf::event_based_actor* self) {
  return {[=](int x) {
    self->quit();
    return x;
  }};
}

TEST(scheduler_test, actors_that_end_without_a_timeout_do_not_wake_the_clock_thread) {
  system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  // The clock thread names itself once it runs, which may be just after the system is built.
  auto before = voluntary_switches("caf.clock");
  for (int i = 0; i < 5000 && !before; ++i) {
    std::this_thread::sleep_for(1ms);
    before = voluntary_switches("caf.clock");
  }
  ASSERT_TRUE(before) << "no thread named caf.clock";
  constexpr int actors = 500;
  for (int i = 0; i < actors; ++i) {
    auto a = sys.spawn(answer_once);
    self->request(a, caf::infinite, i).receive([&](int x) { EXPECT_EQ(x, i); },
                                               [&](caf::error& e) { FAIL() << sys.render(e); });
    self->wait_for(a);  // ended: its exit is behind us
  }
  const auto after = voluntary_switches("caf.clock");
  ASSERT_TRUE(after);
  // CAF's own clock is woken by every exit (about one switch each).
  EXPECT_LT(*after - *before, actors / 10) << "the clock thread was woken " << (*after - *before) << " times";
}

TEST(scheduler_test, receive_timeouts_request_timeouts_and_delayed_messages_still_fire) {
  system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  const caf::actor waiter = self;
  sys.spawn([waiter](caf::event_based_actor* a) -> caf::behavior {
    return {caf::after(20ms) >> [=] {
      a->send(waiter, std::string("timed out"));
      a->quit();
    }};
  });
  self->receive([](const std::string& s) { EXPECT_EQ(s, "timed out"); }, caf::after(10s) >> [] { FAIL() << "no receive timeout"; });

  auto silent = sys.spawn([](caf::event_based_actor*) -> caf::behavior { return {[](int) -> caf::result<int> { return caf::delegated<int>(); }}; });
  self->request(silent, 20ms, 1).receive([](int) { FAIL() << "answered"; },
                                         [](caf::error& e) { EXPECT_EQ(e, caf::sec::request_timeout); });
  caf::anon_send_exit(silent, caf::exit_reason::user_shutdown);

  self->delayed_send(self, 20ms, 42);
  self->receive([](int x) { EXPECT_EQ(x, 42); }, caf::after(10s) >> [] { FAIL() << "no delayed message"; });
}

TEST(scheduler_test, an_actor_that_ends_with_a_pending_timeout_has_it_cancelled) {
  system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  // A pending timeout holds its actor: unless the clock cancels it, the actor stays in memory
  // for the hour.
  auto a = sys.spawn([](caf::event_based_actor* s) -> caf::behavior {
    return {[=](int) { s->quit(); }, caf::after(std::chrono::seconds(3600)) >> [] {}};
  });
  const caf::actor_addr addr = a.address();
  self->send(a, 1);
  self->wait_for(a);
  a = nullptr;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (caf::actor_cast<caf::strong_actor_ptr>(addr) != nullptr && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(caf::actor_cast<caf::strong_actor_ptr>(addr), nullptr) << "the ended actor is still held by its timeout";
}

}  // namespace
}  // namespace weft::actors
