// One subscriber actor per subscription. The hub answers hub_subscribe before it sends the
// subscriber any batch, so reading the log right after the answer misses nothing: what was
// durable before is in the log, what becomes durable after comes live, and what is in both
// is dropped by seq. The same holds across nodes: the owner's hub answers before it sends,
// and the owner's log is read after the answer (through its door, awaited in order).
#include "actors/event_feed.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>

#include <caf/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/cluster_peers.hpp"
#include "actors/messages.hpp"
#include "core/events.hpp"
#include "core/json_exact.hpp"
#include "storage/event_log.hpp"

namespace weft::actors {
namespace {

// To a subscriber: coordinator (hub, door) joined this one; a topic spanning executions
// listens to it from now on.
using peer_joined_atom = caf::atom_constant<caf::atom("peerjoin")>;

struct subscriber_state {
  static inline const char* name = "weft.feed_subscriber";
  std::vector<caf::actor> hubs;  // listened to; for a topic spanning executions, more as peers join
  bool spanning = false;
  std::map<std::string, std::uint64_t> passed;  // execution id -> last seq passed on
  // Executions whose terminal event was passed on, oldest first. A subscription to a workflow
  // or a tenant hears of executions without end: an ended one is forgotten once this many
  // have ended after it (the log and the live stream overlap for milliseconds, at the start;
  // with 2,000 subscribers a thousand entries each held 200 MiB).
  std::deque<std::string> ended;
  static constexpr std::size_t max_ended = 64;
};

using subscriber_actor = caf::stateful_actor<subscriber_state>;

// Where a subscription reads the events it replays: this node's log, or the door of the
// coordinator that owns the execution (its events come back as a message).
struct log_source {
  const storage::event_log* local = nullptr;
  caf::actor door;  // set for an execution another coordinator owns
};

using events_then = std::function<void(bool ok, std::vector<core::event> events)>;

// Reads the events after `after_seq` (at most `limit`) and calls `then` with them. From a
// door, the subscriber takes no other message until the answer came (await), so batches heard
// live meanwhile are passed on after these, in seq order.
void read_then(subscriber_actor* self, const log_source& source, const std::string& tenant, const std::string& id,
               std::uint64_t after_seq, std::uint64_t limit, events_then then) {
  if (!source.door) {
    std::vector<core::event> events;
    const bool ok = source.local->read(tenant, id, after_seq, static_cast<std::size_t>(limit), events).is_ok();
    then(ok, std::move(events));
    return;
  }
  self->request(source.door, std::chrono::seconds(10), events_request{tenant, id, after_seq, limit})
      .await(
          [then](std::vector<wire_event>& wire) {
            std::vector<core::event> events;
            events.reserve(wire.size());
            for (const auto& w : wire) {
              core::event e;
              if (from_wire(w, e)) events.push_back(std::move(e));
            }
            then(true, std::move(events));
          },
          [then](caf::error&) { then(false, {}); });
}

// Passes on the events of one execution that come after what was passed before; `context`:
// its earlier events, the first time the subscription hears of it mid-run.
void pass_after(subscriber_actor* self, const feed_callback& on_events, const std::string& execution_id,
                const std::string& workflow_id, std::vector<core::event> context, std::vector<core::event> events) {
  auto [it, fresh] = self->state.passed.emplace(execution_id, 0);
  feed_batch batch{false, execution_id, workflow_id, {}, std::move(context), std::nullopt};
  bool ended = false;
  for (auto& e : events) {
    if (!fresh && e.seq <= it->second) continue;  // already passed on (log and live overlap)
    fresh = false;
    it->second = e.seq;
    ended = ended || core::is_terminal(e.type);
    batch.events.push_back(std::move(e));
  }
  if (!batch.events.empty()) on_events(std::move(batch));
  if (!ended) return;
  auto& s = self->state;
  s.ended.push_back(execution_id);
  if (s.ended.size() > subscriber_state::max_ended) {
    s.passed.erase(s.ended.front());
    s.ended.pop_front();
  }
}

// The same, first reading the earlier events as context when it hears of it mid-run.
void pass(subscriber_actor* self, const log_source& source, const std::string& tenant, const feed_callback& on_events,
          const std::string& execution_id, const std::string& workflow_id, std::vector<core::event> events) {
  const bool fresh = self->state.passed.count(execution_id) == 0;
  if (!fresh || events.empty() || events.front().seq <= 1) {
    pass_after(self, on_events, execution_id, workflow_id, {}, std::move(events));
    return;
  }
  const std::uint64_t before = events.front().seq - 1;
  read_then(self, source, tenant, execution_id, 0, before,
            [self, on_events, execution_id, workflow_id, events = std::move(events)](bool ok, std::vector<core::event> context) mutable {
              if (!ok) context.clear();
              pass_after(self, on_events, execution_id, workflow_id, std::move(context), std::move(events));
            });
}

// After the hub confirmed the subscription: with `since`, the events after it from the log
// (and the ones up to it as context), before anything heard live.
void replay_since(subscriber_actor* self, const log_source& source, const std::string& tenant, const std::string& id,
                  std::uint64_t since, const feed_callback& on_events) {
  read_then(self, source, tenant, id, 0, 1, [=](bool ok, std::vector<core::event> first) {
    if (!ok || first.empty()) return;  // nothing yet: live only
    const std::string workflow_id = core::exact_field<std::string>(first.front().data, "workflow_id", "");
    read_then(self, source, tenant, id, since, UINT64_MAX, [=](bool ok, std::vector<core::event> missed) {
      if (!ok) return;
      self->state.passed[id] = since;
      auto then = [=, missed = std::move(missed)](bool ok, std::vector<core::event> earlier) mutable {
        if (ok && !earlier.empty()) on_events(feed_batch{false, id, workflow_id, {}, std::move(earlier), std::nullopt});
        pass(self, source, tenant, on_events, id, workflow_id, std::move(missed));
      };
      if (since == 0) then(true, {});
      else read_then(self, source, tenant, id, 0, since, then);
    });
  });
}

// The hubs a subscription listens to and the log it replays from: for an execution topic,
// the owning coordinator's; for a topic spanning executions, this node's and every connected
// peer's (replays only ever concern one execution). False when the owner is unreachable.
bool sources_of(const feed_cluster& cluster, const caf::actor& hub, const storage::event_log* log, const std::string& topic,
                std::vector<caf::actor>& hubs, log_source& source, std::vector<caf::actor>& peer_doors) {
  source.local = log;
  const std::string prefix = "execution:";
  if (!cluster.peers || !cluster.map.clustered()) {
    hubs = {hub};
    return true;
  }
  if (topic.compare(0, prefix.size(), prefix) == 0) {
    const core::coordinator& owner = cluster.map.owner_of(std::string_view(topic).substr(prefix.size()));
    if (&owner == &cluster.map.self()) {
      hubs = {hub};
      return true;
    }
    auto peer = cluster.peers->find(owner.name);
    if (!peer) return false;
    hubs = {peer->hub};
    source.door = peer->door;
    peer_doors = {peer->door};
    return true;
  }
  hubs = {hub};
  for (auto& peer : cluster.peers->connected()) {
    hubs.push_back(peer.hub);
    peer_doors.push_back(peer.door);
  }
  return true;
}

caf::behavior subscriber(subscriber_actor* self, caf::actor hub, const storage::event_log* log, feed_cluster cluster,
                         std::string tenant, std::string topic, std::optional<std::uint64_t> since, feed_callback on_events) {
  std::vector<caf::actor> hubs, peer_doors;
  log_source source;
  auto lost = [self, on_events] {
    feed_batch batch;
    batch.lost = true;
    on_events(std::move(batch));
    self->quit();
  };
  if (!sources_of(cluster, hub, log, topic, hubs, source, peer_doors)) {
    lost();
    return {};
  }
  self->state.hubs = hubs;
  self->state.spanning = topic.compare(0, 10, "execution:") != 0;
  // A coordinator it listens to going away ends it: the client subscribes again with `since`.
  for (const auto& door : peer_doors) self->monitor(door);
  self->set_down_handler([lost](caf::down_msg&) { lost(); });
  for (std::size_t i = 1; i < hubs.size(); ++i) {
    self->request(hubs[i], std::chrono::seconds(10), hub_subscribe{tenant, topic}).then([](bool) {}, [lost](caf::error&) { lost(); });
  }
  self->request(hubs.front(), std::chrono::seconds(10), hub_subscribe{tenant, topic})
      .then(
          [=](bool subscribed) {
            if (!subscribed) return self->quit();
            on_events(feed_batch{true, "", "", {}, {}, std::nullopt});
            const std::string prefix = "execution:";
            if (!since || topic.compare(0, prefix.size(), prefix) != 0) return;
            replay_since(self, source, tenant, topic.substr(prefix.size()), *since, on_events);
          },
          [lost](caf::error&) { lost(); });
  return {
      [=](const append_events& batch) {
        std::vector<core::event> events;
        events.reserve(batch.events.size());
        for (const auto& w : batch.events) {
          core::event e;
          if (from_wire(w, e)) events.push_back(std::move(e));
        }
        pass(self, source, tenant, on_events, batch.execution_id, batch.workflow_id, std::move(events));
      },
      [=](const core::workflow_change& change) {
        feed_batch batch{false, "", change.workflow_id, {}, {}, change};
        on_events(std::move(batch));
      },
      [=](peer_joined_atom, const caf::actor& peer_hub, const caf::actor& peer_door) {
        auto& hubs = self->state.hubs;
        if (!self->state.spanning || std::find(hubs.begin(), hubs.end(), peer_hub) != hubs.end()) return;
        hubs.push_back(peer_hub);
        self->monitor(peer_door);
        self->request(peer_hub, std::chrono::seconds(10), hub_subscribe{tenant, topic}).then([](bool) {}, [lost](caf::error&) { lost(); });
      },
  };
}

class caf_event_feed final : public event_feed {
 public:
  caf_event_feed(caf::actor_system& sys, caf::actor hub, const storage::event_log& log, feed_cluster cluster)
      : sys_(sys), hub_(std::move(hub)), log_(log), cluster_(std::move(cluster)) {}

  // A coordinator joined: every subscription spanning executions listens to it too. Under the
  // lock subscribe() spawns in, so a subscription either saw the peer among the connected
  // when it started or is told now (or both: it keeps one).
  void peer_joined(const cluster_peers::peer& peer) {
    std::lock_guard lock(mutex_);
    for (const auto& [id, a] : subscribers_) caf::anon_send(a, peer_joined_atom::value, peer.hub, peer.door);
  }

  ~caf_event_feed() override {
    std::lock_guard lock(mutex_);
    for (auto& [id, a] : subscribers_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  subscription subscribe(std::string tenant, std::string topic, std::optional<std::uint64_t> since,
                         feed_callback on_events) override {
    std::lock_guard lock(mutex_);
    auto a = sys_.spawn(subscriber, hub_, &log_, cluster_, std::move(tenant), std::move(topic), since, std::move(on_events));
    subscribers_[++last_id_] = a;
    return last_id_;
  }

  void unsubscribe(subscription id) override {
    std::lock_guard lock(mutex_);
    auto it = subscribers_.find(id);
    if (it == subscribers_.end()) return;
    caf::anon_send_exit(it->second, caf::exit_reason::user_shutdown);  // the hub forgets it when it stops
    subscribers_.erase(it);
  }

 private:
  caf::actor_system& sys_;
  caf::actor hub_;
  const storage::event_log& log_;
  feed_cluster cluster_;
  std::mutex mutex_;
  std::map<subscription, caf::actor> subscribers_;
  subscription last_id_ = 0;
};

}  // namespace

std::shared_ptr<event_feed> make_event_feed(caf::actor_system& sys, caf::actor hub, const storage::event_log& log,
                                            feed_cluster cluster) {
  auto peers = cluster.peers;
  auto feed = std::make_shared<caf_event_feed>(sys, std::move(hub), log, std::move(cluster));
  if (peers) {
    peers->on_up([weak = std::weak_ptr<caf_event_feed>(feed)](const cluster_peers::peer& peer) {
      if (auto f = weak.lock()) f->peer_joined(peer);
    });
  }
  return feed;
}

}  // namespace weft::actors
