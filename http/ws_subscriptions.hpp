// A WebSocket connection's subscriptions to the event feed, shared by the dialects: each
// delivered batch is folded into its execution's view and turned into the dialect's
// messages; a client too slow to take them gets the dialect's lagged notice (with the last
// seq it was sent) and is closed. Called on the connection's strand; deliveries come on
// actor threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/event_feed.hpp"
#include "http/execution_view.hpp"
#include "http/websocket.hpp"

namespace weft::http {

class ws_subscriptions {
 public:
  using dialect_fn = std::function<std::vector<nlohmann::json>(const execution_view&, const core::event&)>;
  using lagged_fn = std::function<nlohmann::json(const std::string& execution_id, std::uint64_t last_seq)>;

  ws_subscriptions(std::shared_ptr<ws_connection> connection, std::weak_ptr<actors::event_feed> feed, dialect_fn dialect,
                   lagged_fn lagged);
  ~ws_subscriptions();
  ws_subscriptions(const ws_subscriptions&) = delete;
  ws_subscriptions& operator=(const ws_subscriptions&) = delete;

  [[nodiscard]] bool has(const std::string& topic) const { return ids_.count(topic) > 0; }
  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  /// Subscribes (nothing when already subscribed); with `since`, the events after it first.
  /// `ready`, when given, is sent once the subscription is in place (before any event).
  void add(const std::string& tenant, const std::string& topic, std::optional<std::uint64_t> since,
           std::optional<nlohmann::json> ready = std::nullopt);
  /// False when it was not subscribed.
  bool remove(const std::string& topic);
  void clear();

 private:
  struct shared;  // what deliveries share with the strand
  std::shared_ptr<ws_connection> connection_;
  std::weak_ptr<actors::event_feed> feed_;
  std::shared_ptr<shared> shared_;
  std::map<std::string, actors::event_feed::subscription> ids_;
};

}  // namespace weft::http
