#include "http/ws_subscriptions.hpp"

#include <mutex>

namespace weft::http {

using json = nlohmann::json;

constexpr std::uint16_t close_policy = 1008;  // RFC 6455: policy violation

struct ws_subscriptions::shared {
  std::mutex mutex;
  std::map<std::string, execution_view> views;  // by execution id
  bool lagged = false;
  dialect_fn dialect;
  lagged_fn lagged_notice;
};

ws_subscriptions::ws_subscriptions(std::shared_ptr<ws_connection> connection, std::weak_ptr<actors::event_feed> feed,
                                   dialect_fn dialect, lagged_fn lagged)
    : connection_(std::move(connection)), feed_(std::move(feed)), shared_(std::make_shared<shared>()) {
  shared_->dialect = std::move(dialect);
  shared_->lagged_notice = std::move(lagged);
}

ws_subscriptions::~ws_subscriptions() { clear(); }

void ws_subscriptions::add(const std::string& tenant, const std::string& topic, std::optional<std::uint64_t> since,
                           std::optional<json> ready) {
  if (has(topic)) return;
  auto feed = feed_.lock();
  if (!feed) return;
  ids_[topic] = feed->subscribe(tenant, topic, since, [s = shared_, connection = connection_, ready](actors::feed_batch batch) {
    if (batch.subscribed) {
      if (ready) connection->send(ready->dump());
      return;
    }
    std::lock_guard lock(s->mutex);
    if (s->lagged) return;
    auto [it, fresh] = s->views.try_emplace(batch.execution_id, batch.execution_id);
    for (const auto& e : batch.context) it->second.apply(e);  // what came before: no news
    for (const auto& e : batch.events) {
      // Two subscriptions of one connection (execution:ID and workflow:ID) hear the same
      // events: each goes out once.
      if (e.seq <= it->second.state().last_seq) continue;
      it->second.apply(e);
      for (const auto& m : s->dialect(it->second, e)) {
        if (connection->send(m.dump())) continue;
        s->lagged = true;
        connection->send(s->lagged_notice(batch.execution_id, e.seq > 0 ? e.seq - 1 : 0).dump(), true);
        connection->close(close_policy, "lagged");
        return;
      }
    }
  });
}

bool ws_subscriptions::remove(const std::string& topic) {
  auto it = ids_.find(topic);
  if (it == ids_.end()) return false;
  if (auto feed = feed_.lock()) feed->unsubscribe(it->second);
  ids_.erase(it);
  return true;
}

// The feed may be gone already (a connection can outlive the node's shutdown).
void ws_subscriptions::clear() {
  if (auto feed = feed_.lock()) {
    for (const auto& [topic, id] : ids_) feed->unsubscribe(id);
  }
  ids_.clear();
}

}  // namespace weft::http
