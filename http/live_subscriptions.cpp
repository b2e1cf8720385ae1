#include "http/live_subscriptions.hpp"

#include <mutex>

namespace weft::http {

using json = nlohmann::json;

constexpr std::uint16_t close_normal = 1000;  // RFC 6455
constexpr std::uint16_t close_policy = 1008;  // RFC 6455: policy violation

struct live_subscriptions::shared {
  std::mutex mutex;
  std::map<std::string, execution_view> views;           // by execution id
  std::map<std::string, std::uint64_t> workflow_versions;  // last change sent, by workflow id
  bool lagged = false;
  live_dialect dialect;

  [[nodiscard]] std::string frame(const json& m) const { return dialect.frame ? dialect.frame(m) : m.dump(); }

  // False once the client has fallen behind (it was told and the connection closes).
  bool send(push_connection& connection, const json& m, const std::string& execution_id, std::uint64_t last_seq) {
    if (connection.send(frame(m))) return true;
    lagged = true;
    connection.send(frame(dialect.lagged(execution_id, last_seq)), true);
    connection.close(close_policy, "lagged");
    return false;
  }

  void deliver(push_connection& connection, actors::feed_batch& batch) {
    if (batch.change) return deliver(connection, *batch.change);
    auto [it, fresh] = views.try_emplace(batch.execution_id, batch.execution_id);
    for (const auto& e : batch.context) it->second.apply(e);  // what came before: no news
    for (const auto& e : batch.events) {
      // Two subscriptions of one connection (execution:ID and workflow:ID) hear the same
      // events: each goes out once.
      if (e.seq <= it->second.state().last_seq) continue;
      it->second.apply(e);
      for (const auto& m : dialect.messages(it->second, e)) {
        if (!send(connection, m, batch.execution_id, e.seq > 0 ? e.seq - 1 : 0)) return;
      }
      if (dialect.end_with_execution && core::is_terminal(e.type)) return connection.close(close_normal, "ended");
    }
  }

  void deliver(push_connection& connection, const core::workflow_change& change) {
    if (!dialect.workflow_message) return;
    auto& last = workflow_versions[change.workflow_id];
    if (change.version <= last) return;  // heard through workflow:ID and all_workflows
    last = change.version;
    send(connection, dialect.workflow_message(change), "", 0);
  }
};

live_subscriptions::live_subscriptions(std::shared_ptr<push_connection> connection, std::weak_ptr<actors::event_feed> feed,
                                       live_dialect dialect)
    : connection_(std::move(connection)), feed_(std::move(feed)), shared_(std::make_shared<shared>()) {
  shared_->dialect = std::move(dialect);
}

live_subscriptions::~live_subscriptions() { clear(); }

void live_subscriptions::add(const std::string& tenant, const std::string& topic, std::optional<std::uint64_t> since,
                             std::optional<json> ready) {
  if (has(topic)) return;
  auto feed = feed_.lock();
  if (!feed) return;
  ids_[topic] = feed->subscribe(tenant, topic, since, [s = shared_, connection = connection_, ready](actors::feed_batch batch) {
    if (batch.subscribed) {
      if (ready) connection->send(s->frame(*ready));
      return;
    }
    std::lock_guard lock(s->mutex);
    if (!s->lagged) s->deliver(*connection, batch);
  });
}

bool live_subscriptions::remove(const std::string& topic) {
  auto it = ids_.find(topic);
  if (it == ids_.end()) return false;
  if (auto feed = feed_.lock()) feed->unsubscribe(it->second);
  ids_.erase(it);
  return true;
}

// The feed may be gone already (a connection can outlive the node's shutdown).
void live_subscriptions::clear() {
  if (auto feed = feed_.lock()) {
    for (const auto& [topic, id] : ids_) feed->unsubscribe(id);
  }
  ids_.clear();
}

}  // namespace weft::http
