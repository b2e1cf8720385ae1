// One subscriber actor per subscription. The hub answers hub_subscribe before it sends the
// subscriber any batch, so reading the log right after the answer misses nothing: what was
// durable before is in the log, what becomes durable after comes live, and what is in both
// is dropped by seq.
#include "actors/event_feed.hpp"

#include <deque>
#include <map>
#include <mutex>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "core/events.hpp"
#include "core/json_exact.hpp"
#include "storage/event_log.hpp"

namespace weft::actors {
namespace {

struct subscriber_state {
  static inline const char* name = "weft.feed_subscriber";
  std::map<std::string, std::uint64_t> passed;  // execution id -> last seq passed on
  // Executions whose terminal event was passed on, oldest first. A subscription to a workflow
  // or a tenant hears of executions without end: an ended one is forgotten once this many
  // have ended after it (the log and the live stream overlap for milliseconds, at the start;
  // with 2,000 subscribers a thousand entries each held 200 MiB).
  std::deque<std::string> ended;
  static constexpr std::size_t max_ended = 64;
};

using subscriber_actor = caf::stateful_actor<subscriber_state>;

// Passes on the events of one execution that come after what was passed before; the first
// time it hears of an execution mid-run, with the earlier events as context.
void pass(subscriber_actor* self, const storage::event_log* log, const std::string& tenant, const feed_callback& on_events,
          const std::string& execution_id, const std::string& workflow_id, std::vector<core::event> events) {
  auto [it, fresh] = self->state.passed.emplace(execution_id, 0);
  feed_batch batch{false, execution_id, workflow_id, {}, {}, std::nullopt};
  if (fresh && !events.empty() && events.front().seq > 1) {
    if (!log->read(tenant, execution_id, 0, events.front().seq - 1, batch.context).is_ok()) batch.context.clear();
  }
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

caf::behavior subscriber(subscriber_actor* self, caf::actor hub, const storage::event_log* log, std::string tenant,
                         std::string topic, std::optional<std::uint64_t> since, feed_callback on_events) {
  self->request(hub, caf::infinite, hub_subscribe{tenant, topic})
      .then([=](bool subscribed) {
        if (!subscribed) return self->quit();
        on_events(feed_batch{true, "", "", {}, {}, std::nullopt});
        const std::string prefix = "execution:";
        if (!since || topic.compare(0, prefix.size(), prefix) != 0) return;
        const std::string id = topic.substr(prefix.size());
        std::vector<core::event> first, missed;
        if (!log->read(tenant, id, 0, 1, first).is_ok() || first.empty()) return;  // nothing yet: live only
        if (!log->read(tenant, id, *since, SIZE_MAX, missed).is_ok()) return;
        self->state.passed[id] = *since;
        const std::string workflow_id = core::exact_field<std::string>(first.front().data, "workflow_id", "");
        feed_batch context{false, id, workflow_id, {}, {}, std::nullopt};
        if (*since > 0 && !log->read(tenant, id, 0, *since, context.context).is_ok()) context.context.clear();
        if (!context.context.empty()) on_events(std::move(context));
        pass(self, log, tenant, on_events, id, workflow_id, std::move(missed));
      });
  return {
      [=](const append_events& batch) {
        std::vector<core::event> events;
        events.reserve(batch.events.size());
        for (const auto& w : batch.events) {
          core::event e;
          if (from_wire(w, e)) events.push_back(std::move(e));
        }
        pass(self, log, tenant, on_events, batch.execution_id, batch.workflow_id, std::move(events));
      },
      [=](const core::workflow_change& change) {
        feed_batch batch{false, "", change.workflow_id, {}, {}, change};
        on_events(std::move(batch));
      },
  };
}

class caf_event_feed final : public event_feed {
 public:
  caf_event_feed(caf::actor_system& sys, caf::actor hub, const storage::event_log& log)
      : sys_(sys), hub_(std::move(hub)), log_(log) {}

  ~caf_event_feed() override {
    std::lock_guard lock(mutex_);
    for (auto& [id, a] : subscribers_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  subscription subscribe(std::string tenant, std::string topic, std::optional<std::uint64_t> since,
                         feed_callback on_events) override {
    auto a = sys_.spawn(subscriber, hub_, &log_, std::move(tenant), std::move(topic), since, std::move(on_events));
    std::lock_guard lock(mutex_);
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
  std::mutex mutex_;
  std::map<subscription, caf::actor> subscribers_;
  subscription last_id_ = 0;
};

}  // namespace

std::shared_ptr<event_feed> make_event_feed(caf::actor_system& sys, caf::actor hub, const storage::event_log& log) {
  return std::make_shared<caf_event_feed>(sys, std::move(hub), log);
}

}  // namespace weft::actors
