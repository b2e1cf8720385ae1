// A push connection's subscriptions to the event feed, shared by the WebSocket dialects and
// the SSE stream: each delivered batch is folded into its execution's view and turned into
// the dialect's messages; workflow changes become the dialect's workflow message; a client
// too slow to take them gets the dialect's lagged notice (with the last seq it was sent)
// and is closed. Called by the connection's handler, one call at a time; deliveries come
// on actor threads.
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
#include "http/push.hpp"

namespace weft::http {

/// What a connection's wire format makes of the feed.
struct live_dialect {
  /// Names the wire format: an event's messages are rendered once per name and shared by
  /// every connection of that format (they depend only on the log). Empty: no sharing.
  std::string name;
  /// The messages for an execution event, after it was folded into the view.
  std::function<std::vector<nlohmann::json>(const execution_view&, const core::event&)> messages;
  /// The message for a workflow change; empty: the dialect sends none.
  std::function<nlohmann::json(const core::workflow_change&)> workflow_message;
  /// The last message to a client that fell behind.
  std::function<nlohmann::json(const std::string& execution_id, std::uint64_t last_seq)> lagged;
  /// How a message goes on the wire; empty: its JSON text (WebSocket). SSE frames it.
  std::function<std::string(const nlohmann::json&)> frame;
  /// Close the connection once an execution's last event went out (SSE).
  bool end_with_execution = false;
};

class live_subscriptions {
 public:
  live_subscriptions(std::shared_ptr<push_connection> connection, std::weak_ptr<actors::event_feed> feed,
                     live_dialect dialect);
  ~live_subscriptions();
  live_subscriptions(const live_subscriptions&) = delete;
  live_subscriptions& operator=(const live_subscriptions&) = delete;

  [[nodiscard]] bool has(const std::string& topic) const { return ids_.count(topic) > 0; }
  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  /// Subscribes (nothing when already subscribed); with `since`, the events after it first.
  /// `ready`, when given, is sent once this subscription and every one added while it is
  /// pending are in place; their events wait for it, so it comes before any of them (and a
  /// subscription added after it was sent delivers after it anyway).
  void add(const std::string& tenant, const std::string& topic, std::optional<std::uint64_t> since,
           std::optional<nlohmann::json> ready = std::nullopt);
  /// False when it was not subscribed.
  bool remove(const std::string& topic);
  void clear();
  /// SPEC §6: for tenants this says yes to (their plan's live events are execution-level
  /// only), step-level events are not sent — the execution's start and end are. Set it before
  /// the first add().
  void execution_level_only(std::function<bool(const std::string& tenant)> applies);

 private:
  struct shared;  // what deliveries share with the strand
  std::shared_ptr<push_connection> connection_;
  std::weak_ptr<actors::event_feed> feed_;
  std::shared_ptr<shared> shared_;
  struct subscribed {
    actors::event_feed::subscription id;
    std::uint64_t token;  // names it while it is not in place
  };
  std::map<std::string, subscribed> ids_;  // by topic
  std::uint64_t last_token_ = 0;
};

}  // namespace weft::http
