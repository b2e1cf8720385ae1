// CAF-free subscriptions to durable events for the real-time gateway (SPEC §7): each
// subscription is a small actor that subscribes to the hub and, for an execution topic
// with `since`, first replays the events after that seq from the log — in a sharded cluster,
// the hub and log of the coordinator owning the execution (SPEC §9). Per execution,
// events arrive in seq order with no gap and no duplicate: an event both read from the log
// and heard live is passed on once. Callbacks run on an actor thread; the caller posts to
// its own strand. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "core/cluster_map.hpp"
#include "core/events.hpp"
#include "core/workflow_change.hpp"

namespace weft::storage {
class event_log;
}

namespace weft::actors {

class cluster_peers;

struct feed_batch {
  bool subscribed = false;  // the first call of a subscription: it is in place, no events yet
  std::string execution_id;
  std::string workflow_id;
  std::vector<core::event> events;  // consecutive seqs of one execution
  /// When a subscription first hears of an execution mid-run: its earlier events, from the
  /// log, as context (the definition, the state so far) — not news to pass on.
  std::vector<core::event> context;
  /// Set instead of events for a change to a workflow (topics workflow:ID, all_workflows).
  std::optional<core::workflow_change> change;
  /// The last call of a subscription that cannot go on: the coordinator owning its execution
  /// (or, for a topic spanning executions, one of the coordinators) is unreachable or went
  /// away. The client should subscribe again, with `since`, to miss nothing.
  bool lost = false;
};

using feed_callback = std::function<void(feed_batch)>;

class event_feed {
 public:
  using subscription = std::uint64_t;
  virtual ~event_feed() = default;
  /// `topic`: "execution:ID", "workflow:ID", "all_executions" or "all_workflows" of
  /// `tenant`. The first
  /// callback says the subscription is in place (`subscribed`, no events); then, with
  /// `since` (execution topics only), the events after that seq from the log; then live.
  virtual subscription subscribe(std::string tenant, std::string topic, std::optional<std::uint64_t> since,
                                 feed_callback on_events) = 0;
  /// Stops a subscription (asynchronously: a callback may still be running, or start just
  /// after; callers guard their own lifetime).
  virtual void unsubscribe(subscription id) = 0;
};

/// In a sharded cluster, whose executions are where: an execution topic of an execution
/// another coordinator owns subscribes to that coordinator's hub and replays from its log; a
/// topic spanning executions subscribes to every coordinator's hub.
struct feed_cluster {
  core::cluster_map map;
  std::shared_ptr<cluster_peers> peers;  // null: a node alone; spanning topics listen for peers coming up
};

/// `log` must outlive the feed. Shared: connections hold it weakly.
[[nodiscard]] std::shared_ptr<event_feed> make_event_feed(caf::actor_system& sys, caf::actor hub,
                                                          const storage::event_log& log, feed_cluster cluster = {});

}  // namespace weft::actors
