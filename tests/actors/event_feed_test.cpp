// Subscriptions for the gateway: live events in order, and a resume from a seq that reads
// the missed events from the log and then continues live, with no gap and no duplicate.
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "actors/event_feed.hpp"
#include "tests/actors/engine_node.hpp"

namespace weft::actors {
namespace {

// Collects what a subscription delivers; waits for terminal events.
class collector {
 public:
  feed_callback callback() {
    return [this](feed_batch b) {
      std::lock_guard lock(m_);
      subscribed_ += b.subscribed;
      for (auto& e : b.events) {
        ended_ += core::is_terminal(e.type);
        workflow_[b.execution_id] = b.workflow_id;
        seqs_[b.execution_id].push_back(e.seq);
      }
      cv_.notify_all();
    };
  }
  bool wait_until_subscribed() {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return subscribed_ > 0; });
  }
  bool wait_for_ends(int n, std::chrono::seconds within = std::chrono::seconds(10)) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, within, [&] { return ended_ >= n; });
  }
  std::map<std::string, std::vector<std::uint64_t>> seqs() {
    std::lock_guard lock(m_);
    return seqs_;
  }
  std::string workflow_of(const std::string& id) {
    std::lock_guard lock(m_);
    return workflow_[id];
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int ended_ = 0;
  int subscribed_ = 0;
  std::map<std::string, std::vector<std::uint64_t>> seqs_;
  std::map<std::string, std::string> workflow_;
};

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> v;
  for (auto s = from; s <= to; ++s) v.push_back(s);
  return v;
}

using event_feed_test = node_test;

TEST_F(event_feed_test, a_subscriber_resumes_after_its_last_seq_without_gap_or_duplicate) {
  node n(path());
  auto feed = make_event_feed(*n.sys, n.hub, *n.log);
  ASSERT_EQ(n.start("e1", workload("sleepers"), {{"sleep_ms", 300}, {"n", 1}}), "e1");
  ASSERT_EQ(n.await("e1", 50)["steps"]["wait"]["status"], "waiting");  // mid-run
  collector got;
  feed->subscribe("acme", "execution:e1", 3, got.callback());
  ASSERT_TRUE(got.wait_for_ends(1));
  const std::uint64_t last = n.events("e1").back().seq;
  EXPECT_EQ(got.seqs()["e1"], range(4, last));
  EXPECT_EQ(got.workflow_of("e1"), "wf-1");
}

TEST_F(event_feed_test, since_zero_after_the_end_replays_the_whole_history) {
  node n(path());
  auto feed = make_event_feed(*n.sys, n.hub, *n.log);
  n.run("e1", workload("chain10"), {{"n", 1}});
  collector got;
  feed->subscribe("acme", "execution:e1", 0, got.callback());
  ASSERT_TRUE(got.wait_for_ends(1));
  EXPECT_EQ(got.seqs()["e1"], range(1, n.events("e1").back().seq));
}

TEST_F(event_feed_test, workflow_subscribers_get_every_execution_whole_and_in_order) {
  node n(path());
  auto feed = make_event_feed(*n.sys, n.hub, *n.log);
  collector got;
  feed->subscribe("acme", "workflow:wf-1", std::nullopt, got.callback());
  collector other_tenant;
  feed->subscribe("globex", "workflow:wf-1", std::nullopt, other_tenant.callback());
  ASSERT_TRUE(got.wait_until_subscribed());
  ASSERT_TRUE(other_tenant.wait_until_subscribed());
  for (int i = 0; i < 20; ++i) n.start("e" + std::to_string(i), workload("fanout8"), {{"n", i}});
  ASSERT_TRUE(got.wait_for_ends(20));
  const auto seqs = got.seqs();
  ASSERT_EQ(seqs.size(), 20u);
  for (const auto& [id, list] : seqs) EXPECT_EQ(list, range(1, n.events(id).back().seq)) << id;
  EXPECT_TRUE(other_tenant.seqs().empty());
}

// A workflow subscription forgets ended executions after a while (its memory would grow with
// every execution otherwise): more of them than it remembers still come whole and once each.
TEST_F(event_feed_test, a_long_lived_workflow_subscriber_hears_every_execution_once) {
  const json def = json::parse(R"({"steps": [
    {"id": "input", "type": "input", "next": "out"}, {"id": "out", "type": "output", "config": {"value": "$.input"}}]})");
  node n(path());
  auto feed = make_event_feed(*n.sys, n.hub, *n.log);
  collector got;
  feed->subscribe("acme", "workflow:wf-1", std::nullopt, got.callback());
  ASSERT_TRUE(got.wait_until_subscribed());
  constexpr int executions = 300;
  for (int i = 0; i < executions; ++i) ASSERT_EQ(n.start("e" + std::to_string(i), def, {{"n", i}}), "e" + std::to_string(i));
  ASSERT_TRUE(got.wait_for_ends(executions, std::chrono::seconds(120)));
  const auto seqs = got.seqs();
  ASSERT_EQ(seqs.size(), static_cast<std::size_t>(executions));
  for (const auto& [id, list] : seqs) ASSERT_EQ(list, range(1, n.events(id).back().seq)) << id;
}


// While nobody listens the log writer hands the hub nothing; subscribers that arrive in the
// middle of a stream of executions find the batches they missed in the log, each event once.
TEST_F(event_feed_test, subscribers_arriving_mid_stream_miss_nothing_the_writer_kept_from_the_hub) {
  node n(path());
  auto feed = make_event_feed(*n.sys, n.hub, *n.log);
  constexpr int executions = 40;
  std::vector<std::unique_ptr<collector>> got;
  for (int i = 0; i < executions; ++i) {
    const std::string id = "e" + std::to_string(i);
    ASSERT_EQ(n.start(id, workload("chain10"), {{"n", i}}), id);
    // Every other execution gets a subscriber from seq 0 right after its start, racing its run.
    if (i % 2 == 0) {
      got.push_back(std::make_unique<collector>());
      feed->subscribe("acme", "execution:" + id, 0, got.back()->callback());
    }
  }
  for (std::size_t k = 0; k < got.size(); ++k) {
    const std::string id = "e" + std::to_string(2 * k);
    ASSERT_TRUE(got[k]->wait_for_ends(1)) << id;
    n.await(id);
    EXPECT_EQ(got[k]->seqs()[id], range(1, n.events(id).back().seq)) << id;
  }
}

}  // namespace
}  // namespace weft::actors
