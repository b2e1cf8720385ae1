#include "http/ws_seed004.hpp"

#include <nlohmann/json.hpp>

#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "core/random_id.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/ws_input.hpp"
#include "http/ws_messages.hpp"
#include "http/live_subscriptions.hpp"
#include "http/ws_registry.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

std::string now_iso() { return core::expr::iso_timestamp(core::expr::system_now_ms()); }

json error_message(const std::string& message, const std::string& room = "") {
  json m = {{"type", "error"}, {"message", message}, {"timestamp", now_iso()}};
  if (!room.empty()) m["room_id"] = room;
  return m;
}

json subscription(const char* event, const std::string& room) {
  return {{"type", "subscription"}, {"event", event}, {"room_id", room}, {"timestamp", now_iso()}};
}

json lagged_notice(const std::string& execution_id, std::uint64_t last_seq) {
  return {{"type", "lagged"},
          {"execution_id", execution_id},
          {"last_seq", last_seq},
          {"message", "the connection fell behind; subscribe again with since"},
          {"timestamp", now_iso()}};
}

class seed004_handler final : public push_handler {
 public:
  seed004_handler(std::shared_ptr<push_connection> connection, const ws_context& context, principal who)
      : connection_(connection), access_(context.access), who_(std::move(who)),
        presence_(context.registry->enter(who_.tenant, who_.user)),
        subscriptions_(std::move(connection), context.feed,
                       {"seed004", seed004_messages, seed004_workflow_message, lagged_notice, nullptr, false}) {
    subscriptions_.execution_level_only(context.execution_level_only);
  }

  void on_open() override {
    reply({{"type", "connection"}, {"event", "connected"}, {"connection_id", core::random_id("conn_", 12)}, {"timestamp", now_iso()}});
    presence_.join("user:" + who_.user);
    reply(subscription("subscribed", "user:" + who_.user));  // joined automatically
  }

  void on_message(const std::string& text) override {
    auto parsed = core::parse_json_input(text);
    if (!parsed.value || !parsed.value->is_object()) return reply(error_message("messages are JSON objects"));
    const json& msg = *parsed.value;
    const auto field = string_field(msg, "type");
    if (!field) return reply(error_message("type must be a string"));
    const std::string& type = *field;
    if (type == "ping") return reply({{"type", "pong"}, {"timestamp", now_iso()}});
    if (type != "subscribe" && type != "unsubscribe") return reply(error_message("unknown message type '" + type.substr(0, 64) + "'"));
    const json room_value = msg.value("room_id", json());
    if (!room_value.is_string()) return reply(error_message("room_id must be a string"));
    const std::string room = room_value.get<std::string>();
    if (type == "unsubscribe") {
      if (subscriptions_.remove(room)) presence_.leave(room);
      return reply(subscription("unsubscribed", room));
    }
    if (room == "user:" + who_.user) return reply(subscription("subscribed", room));
    const bool scoped = room.rfind("execution:", 0) == 0 || room.rfind("workflow:", 0) == 0;
    if (!scoped || !is_topic(room) || !may_follow(access_, who_, room)) return reply(error_message("Access denied to room", room));
    std::optional<std::uint64_t> since;
    if (auto s = msg.find("since"); s != msg.end() && !s->is_null()) {
      if (!s->is_number_unsigned()) return reply(error_message("since must be an event seq (a whole number)", room));
      since = s->get<std::uint64_t>();
    }
    // Confirmed once the subscription is in place, before any of its events: a workflow's
    // changes have no replay, so one published right after an earlier confirmation could
    // reach the hub before the subscription and be missed.
    // In the room before the confirmation can go out: a client that hears "subscribed" and
    // then asks /api/v1/ws/stats counts it (the confirmation leaves from the feed's thread).
    presence_.join(room);
    if (subscriptions_.has(room)) reply(subscription("subscribed", room));
    else subscriptions_.add(who_.tenant, room, since, subscription("subscribed", room));
  }

  void on_close() override {
    subscriptions_.clear();
    presence_ = {};
  }

 private:
  void reply(const json& m) { connection_->send(frame_text(m)); }

  std::shared_ptr<push_connection> connection_;
  topic_access access_;
  principal who_;
  ws_registry::presence presence_;
  live_subscriptions subscriptions_;
};

}  // namespace

ws_decision accept_seed004(const request& upgrade, std::shared_ptr<push_connection> connection, const ws_context& context) {
  std::string why;
  std::optional<principal> who = upgrade_caller(upgrade, *context.auth, why);
  if (!who) return {nullptr, error_response({errc::unauthorized, why, json::object()}, new_request_id())};
  return {std::make_unique<seed004_handler>(std::move(connection), context, std::move(*who)), response{}};
}

}  // namespace weft::http
