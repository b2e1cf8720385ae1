// The rule that keeps a push connection or drops it: progress (bytes the peer took or sent),
// not a pong's round trip.
#include "http/peer_liveness.hpp"

#include <gtest/gtest.h>

namespace weft::http {
namespace {

using std::chrono::milliseconds;
using verdict = peer_liveness::verdict;

class peer_liveness_test : public ::testing::Test {
 protected:
  peer_liveness::clock::time_point t0 = peer_liveness::clock::now();
  peer_liveness live{milliseconds(100), milliseconds(1000), t0};
  verdict at(int ms, std::uint64_t exchanged, bool writing = false) { return live.check(t0 + milliseconds(ms), exchanged, writing); }
};

TEST_F(peer_liveness_test, a_peer_that_keeps_taking_bytes_is_alive_however_long_its_backlog) {
  for (int ms = 50, bytes = 1; ms < 10'000; ms += 50, ++bytes) EXPECT_EQ(at(ms, bytes, true), verdict::alive) << ms;
}

TEST_F(peer_liveness_test, a_quiet_idle_peer_is_pinged_once_per_period) {
  EXPECT_EQ(at(50, 0), verdict::alive);
  EXPECT_EQ(at(100, 0), verdict::ping);
  EXPECT_EQ(at(150, 0), verdict::alive) << "one ping per period";
  EXPECT_EQ(at(160, 7), verdict::alive) << "its acknowledgement or pong is progress";
  EXPECT_EQ(at(260, 7), verdict::ping);
}

TEST_F(peer_liveness_test, no_ping_while_a_write_waits_and_the_dead_period_ends_it) {
  EXPECT_EQ(at(500, 0, true), verdict::alive) << "a ping would only queue behind the write";
  EXPECT_EQ(at(999, 0, true), verdict::alive);
  EXPECT_EQ(at(1000, 0, true), verdict::dead);
}

TEST_F(peer_liveness_test, the_tick_is_half_the_shorter_period) {
  EXPECT_EQ(live.tick(), milliseconds(50));
  EXPECT_EQ(peer_liveness(milliseconds(1), milliseconds(2), t0).tick(), milliseconds(10)) << "never a busy loop";
}

}  // namespace
}  // namespace weft::http
