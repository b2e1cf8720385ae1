#include "http/live_subscriptions.hpp"

#include <algorithm>
#include <deque>
#include <mutex>
#include <set>
#include <unordered_map>

#include "http/ws_input.hpp"

namespace weft::http {

namespace {
// The events an execution-level feed keeps: the execution's own, not its steps'.
bool is_execution_level(core::event_type t) {
  return t == core::event_type::execution_created || t == core::event_type::execution_started || core::is_terminal(t);
}

// The execution an `execution:ID` topic names.
std::optional<std::string> execution_of(const std::string& topic) {
  const std::string prefix = "execution:";
  if (topic.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return topic.substr(prefix.size());
}
}  // namespace

using json = nlohmann::json;

constexpr std::uint16_t close_normal = 1000;  // RFC 6455
constexpr std::uint16_t close_policy = 1008;  // RFC 6455: policy violation
constexpr std::uint16_t close_try_again = 1013;  // IANA WebSocket close codes: try again later

constexpr std::size_t max_ended = 64;  // duplicates come within milliseconds of each other

// An event's messages in one wire format, rendered by the first connection that needs them
// and shared by the others: with ten thousand subscribers, an event is folded into each
// one's view (cheap) but turned into JSON text once, and each queue holds a pointer.
// Bounded: the oldest renderings go first (a connection that still needs one renders it
// again).
class rendered_cache {
 public:
  using messages = std::shared_ptr<const std::vector<payload>>;

  messages find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }

  void put(const std::string& key, messages m) {
    std::lock_guard lock(mutex_);
    if (!entries_.emplace(key, std::move(m)).second) return;
    order_.push_back(key);
    if (order_.size() > capacity) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

 private:
  static constexpr std::size_t capacity = 8192;
  std::mutex mutex_;
  std::unordered_map<std::string, messages> entries_;
  std::deque<std::string> order_;
};

rendered_cache& renderings() {
  static rendered_cache cache;
  return cache;
}

struct live_subscriptions::shared {
  std::mutex mutex;
  std::map<std::string, execution_view> views;           // by execution id, until its last event went out
  std::set<std::string> ended;                            // executions whose last event went out
  std::deque<std::string> ended_order;                    // oldest first, to bound `ended`
  std::map<std::string, std::uint64_t> workflow_versions;  // last change sent, by workflow id
  bool lagged = false;
  live_dialect dialect;
  std::function<bool(const std::string& tenant)> execution_level_only;
  // A `ready` message waits for every subscription added before it to be in place, and
  // events wait for the ready message: held in arrival order meanwhile. A subscription
  // removed before it is in place is waited for no more (else nothing would go out again).
  std::set<std::uint64_t> not_in_place;  // their tokens (a topic may be added again)
  // The subscriptions not removed, by token: a batch already on its way when its
  // subscription was removed is dropped (the client was told it left).
  std::set<std::uint64_t> active;
  std::optional<json> ready;
  struct held_batch {
    std::uint64_t token;
    std::string tenant;
    actors::feed_batch batch;
  };
  std::vector<held_batch> held;

  [[nodiscard]] std::string frame(const json& m) const { return dialect.frame ? dialect.frame(m) : frame_text(m); }

  // The event's messages, from the shared renderings when this format has a name.
  rendered_cache::messages render(const std::string& tenant, const execution_view& view, const core::event& e) {
    std::string key;
    if (!dialect.name.empty()) {
      key = dialect.name + '\0' + tenant + '\0' + view.execution_id() + '\0' + std::to_string(e.seq);
      if (auto hit = renderings().find(key)) return hit;
    }
    auto out = std::make_shared<std::vector<payload>>();
    for (const auto& m : dialect.messages(view, e)) out->push_back(std::make_shared<const std::string>(frame(m)));
    if (!key.empty()) renderings().put(key, out);
    return out;
  }

  // False once the client has fallen behind (it was told and the connection closes).
  bool send(push_connection& connection, const payload& m, const std::string& execution_id, std::uint64_t last_seq) {
    if (connection.send(m)) return true;
    lagged = true;
    connection.send(frame(dialect.lagged(execution_id, last_seq)), true);
    connection.close(close_policy, "lagged");
    return false;
  }

  void deliver(push_connection& connection, const std::string& tenant, actors::feed_batch& batch) {
    if (batch.change) return deliver(connection, *batch.change);
    if (ended.count(batch.execution_id)) return;  // heard again through another topic
    auto [it, fresh] = views.try_emplace(batch.execution_id, batch.execution_id);
    for (const auto& e : batch.context) it->second.apply(e);  // what came before: no news
    const bool summary_only = execution_level_only && execution_level_only(tenant);
    for (const auto& e : batch.events) {
      // Two subscriptions of one connection (execution:ID and workflow:ID) hear the same
      // events: each goes out once.
      if (e.seq <= it->second.state().last_seq) continue;
      it->second.apply(e);
      if (summary_only && !is_execution_level(e.type)) continue;
      const auto messages = render(tenant, it->second, e);  // held: the cache may drop it meanwhile
      for (const auto& m : *messages) {
        if (!send(connection, m, batch.execution_id, e.seq > 0 ? e.seq - 1 : 0)) return;
      }
      if (!core::is_terminal(e.type)) continue;
      forget(batch.execution_id);
      if (dialect.end_with_execution) connection.close(close_normal, "ended");
      return;
    }
  }

  // Sends the ready message and what was held for it, once nothing is pending.
  void release_when_in_place(push_connection& connection) {
    if (!not_in_place.empty() || !ready) return;
    connection.send(frame(*ready));
    ready.reset();
    for (auto& h : held) {
      if (!lagged && active.count(h.token) > 0) deliver(connection, h.tenant, h.batch);
    }
    held.clear();
  }

  // An ended execution's view goes (a connection following all_executions would otherwise
  // keep one per execution forever); its id stays a while, so that the same events heard
  // through a second topic are not sent again.
  void forget(const std::string& execution_id) {
    views.erase(execution_id);
    ended.insert(execution_id);
    ended_order.push_back(execution_id);
    if (ended_order.size() > max_ended) {
      ended.erase(ended_order.front());
      ended_order.pop_front();
    }
  }

  // The client asked for an execution again: what it was sent before no longer counts.
  void follow_again(const std::string& execution_id) {
    if (ended.erase(execution_id) == 0) return;
    ended_order.erase(std::find(ended_order.begin(), ended_order.end(), execution_id));
  }

  void deliver(push_connection& connection, const core::workflow_change& change) {
    if (!dialect.workflow_message) return;
    auto& last = workflow_versions[change.workflow_id];
    if (change.revision <= last) return;  // heard through workflow:ID and all_workflows
    last = change.revision;
    send(connection, std::make_shared<const std::string>(frame(dialect.workflow_message(change))), "", 0);
  }
};

live_subscriptions::live_subscriptions(std::shared_ptr<push_connection> connection, std::weak_ptr<actors::event_feed> feed,
                                       live_dialect dialect)
    : connection_(std::move(connection)), feed_(std::move(feed)), shared_(std::make_shared<shared>()) {
  shared_->dialect = std::move(dialect);
}

live_subscriptions::~live_subscriptions() { clear(); }

void live_subscriptions::execution_level_only(std::function<bool(const std::string& tenant)> applies) {
  std::lock_guard lock(shared_->mutex);
  shared_->execution_level_only = std::move(applies);
}

void live_subscriptions::add(const std::string& tenant, const std::string& topic, std::optional<std::uint64_t> since,
                             std::optional<json> ready) {
  if (has(topic)) return;
  auto feed = feed_.lock();
  if (!feed) return;
  const std::uint64_t token = ++last_token_;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->not_in_place.insert(token);
    shared_->active.insert(token);
    if (ready) shared_->ready = std::move(ready);
    if (auto execution_id = execution_of(topic)) shared_->follow_again(*execution_id);
  }
  const auto id = feed->subscribe(tenant, topic, since, [s = shared_, connection = connection_, tenant, token](actors::feed_batch batch) {
    std::lock_guard lock(s->mutex);
    if (s->active.count(token) == 0) return;
    if (batch.lost) {
      // The coordinator owning what it follows is unreachable (SPEC §9): the client connects
      // again and subscribes with `since`, which replays what it missed.
      connection->close(close_try_again, "the node owning this execution is unreachable; subscribe again with since");
      return;
    }
    if (batch.subscribed) {
      if (s->not_in_place.erase(token) > 0) s->release_when_in_place(*connection);
      return;
    }
    if (s->ready) {
      s->held.push_back({token, tenant, std::move(batch)});
      return;
    }
    if (!s->lagged) s->deliver(*connection, tenant, batch);
  });
  ids_[topic] = {id, token};
}

bool live_subscriptions::remove(const std::string& topic) {
  auto it = ids_.find(topic);
  if (it == ids_.end()) return false;
  if (auto feed = feed_.lock()) feed->unsubscribe(it->second.id);
  const std::uint64_t token = it->second.token;
  ids_.erase(it);
  std::lock_guard lock(shared_->mutex);
  shared_->active.erase(token);
  if (shared_->not_in_place.erase(token) > 0) shared_->release_when_in_place(*connection_);
  // An execution left before its end: its view goes too, unless another topic still brings it.
  if (auto execution_id = execution_of(topic)) {
    auto view = shared_->views.find(*execution_id);
    if (view != shared_->views.end() && !has("all_executions") && !has("workflow:" + view->second.state().workflow_id)) {
      shared_->views.erase(view);
    }
  }
  return true;
}

// The feed may be gone already (a connection can outlive the node's shutdown).
void live_subscriptions::clear() {
  if (auto feed = feed_.lock()) {
    for (const auto& [topic, subscribed] : ids_) feed->unsubscribe(subscribed.id);
  }
  ids_.clear();
}

}  // namespace weft::http
