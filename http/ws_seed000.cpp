// The dialect's messages in, subscriptions (live_subscriptions) and wire messages
// (ws_messages) out.
#include "http/ws_seed000.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/ws_input.hpp"
#include "http/ws_messages.hpp"
#include "http/live_subscriptions.hpp"
#include "http/ws_registry.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

constexpr std::uint16_t close_policy = 1008;  // RFC 6455: policy violation
constexpr std::size_t max_topics = 100;

std::string now_iso() { return core::expr::iso_timestamp(core::expr::system_now_ms()); }

json error_message(const std::string& code, const std::string& message) {
  return {{"event", "error"}, {"error", {{"code", code}, {"message", message}}}, {"timestamp", now_iso()}};
}

json lagged_notice(const std::string& execution_id, std::uint64_t last_seq) {
  return {{"event", "lagged"},
          {"execution_id", execution_id},
          {"last_seq", last_seq},
          {"message", "the connection fell behind; subscribe again with since"},
          {"timestamp", now_iso()}};
}

class seed000_handler final : public push_handler {
 public:
  seed000_handler(std::shared_ptr<push_connection> connection, const ws_context& context, std::optional<principal> who)
      : connection_(connection), context_(context), who_(std::move(who)),
        subscriptions_(std::move(connection), context.feed,
                       {"seed000", seed000_messages, seed000_workflow_message, lagged_notice, nullptr, false}) {
    subscriptions_.execution_level_only(context.execution_level_only);
    if (who_) presence_ = context_.registry->enter(who_->tenant, who_->user);
  }

  void on_message(const std::string& text) override {
    auto parsed = core::parse_json_input(text);
    if (!parsed.value || !parsed.value->is_object()) return reply(error_message("invalid_input", "messages are JSON objects"));
    const json& msg = *parsed.value;
    const auto field = string_field(msg, "action");
    if (!field) return reply(error_message("invalid_input", "action must be a string"));
    const std::string& action = *field;
    if (action == "ping") return reply({{"event", "pong"}, {"timestamp", now_iso()}});
    if (action == "authenticate") return authenticate(msg);
    if (!who_) return reply(error_message("unauthorized", "authenticate first"));
    if (action == "subscribe") return subscribe(msg);
    if (action == "unsubscribe") return unsubscribe(msg);
    reply(error_message("invalid_input", "unknown action '" + action.substr(0, 64) + "'"));
  }

  void on_close() override {
    subscriptions_.clear();
    presence_ = {};
  }

 private:
  void reply(const json& m) { connection_->send(frame_text(m)); }

  void authenticate(const json& msg) {
    std::string why;
    const auto token = string_field(msg, "token");
    const auto tenant_field = string_field(msg, "tenant_id");
    if (!token || !tenant_field) return reply(error_message("invalid_input", "token and tenant_id must be strings"));
    const std::string& tenant = *tenant_field;
    auto who = context_.auth->verify(*token, why);
    if (!who || (!tenant.empty() && tenant != who->tenant)) {
      connection_->send(frame_text(error_message("unauthorized", who ? "the token is not for this tenant" : why)), true);
      return connection_->close(close_policy, "unauthorized");
    }
    if (who_ && who_->tenant != who->tenant) {
      connection_->send(frame_text(error_message("unauthorized", "a connection stays with one tenant")), true);
      return connection_->close(close_policy, "unauthorized");
    }
    if (!who_) presence_ = context_.registry->enter(who->tenant, who->user);
    who_ = std::move(who);
    reply({{"event", "authenticated"}, {"tenant_id", who_->tenant}, {"user_id", who_->user}});
  }

  // Checks every topic first, then subscribes; the confirmation goes out once the hub has
  // every new subscription in place, and before any of their events. So a client that
  // changes something after `subscribed` hears of it (live topics replay nothing).
  void subscribe(const json& msg) {
    const json topics = msg.value("topics", json());
    if (!topics.is_array() || topics.empty() || topics.size() > max_topics) {
      return reply(error_message("invalid_input", "topics must be a list of 1 to 100 topics"));
    }
    std::vector<std::string> accepted;
    for (const auto& t : topics) {
      if (!t.is_string()) return reply(error_message("invalid_input", "topics are strings"));
      const std::string topic = t.get<std::string>();
      if (!is_topic(topic)) return reply(error_message("invalid_input", "unknown topic '" + topic.substr(0, 80) + "'"));
      if (!may_follow(context_.access, *who_, topic)) {
        return reply(error_message("permission_denied", "no topic '" + topic.substr(0, 80) + "' for this user and tenant"));
      }
      accepted.push_back(topic);
    }
    // `since`: { topic: the last seq seen }, each a whole number; a wrong type is said, not ignored.
    const json since = msg.value("since", json::object());
    if (!since.is_object()) return reply(error_message("invalid_input", "since must be an object of topic: last seq seen"));
    for (const auto& [topic, seq] : since.items()) {
      if (!seq.is_number_unsigned()) {
        return reply(error_message("invalid_input", "since['" + topic.substr(0, 80) + "'] must be an event seq (a whole number)"));
      }
    }
    const json confirmation = {{"event", "subscribed"}, {"topics", accepted}};
    std::vector<std::string> fresh;
    for (const auto& topic : accepted) {
      if (!subscriptions_.has(topic) && std::find(fresh.begin(), fresh.end(), topic) == fresh.end()) fresh.push_back(topic);
    }
    for (const auto& topic : accepted) presence_.join(topic);  // before the confirmation (seed 004's note)
    if (fresh.empty()) reply(confirmation);
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      const std::string& topic = fresh[i];
      std::optional<std::uint64_t> from;
      if (since.contains(topic)) from = since[topic].get<std::uint64_t>();
      // The last one carries the confirmation: it is sent when all pending ones are in place.
      subscriptions_.add(who_->tenant, topic, from, i + 1 == fresh.size() ? std::optional<json>(confirmation) : std::nullopt);
    }
  }

  void unsubscribe(const json& msg) {
    const json topics = msg.value("topics", json::array());
    json removed = json::array();
    if (topics.is_array()) {
      for (const auto& t : topics) {
        if (!t.is_string() || !subscriptions_.remove(t.get<std::string>())) continue;
        presence_.leave(t.get<std::string>());
        removed.push_back(t);
      }
    }
    reply({{"event", "unsubscribed"}, {"topics", removed}});
  }

  std::shared_ptr<push_connection> connection_;
  ws_context context_;
  std::optional<principal> who_;
  ws_registry::presence presence_;
  live_subscriptions subscriptions_;
};

}  // namespace

ws_decision accept_seed000(const request& upgrade, std::shared_ptr<push_connection> connection, const ws_context& context) {
  std::optional<principal> who;
  const std::string& authorization = upgrade.header("authorization");
  if (!authorization.empty()) {
    // Credentials at the upgrade must verify, as on every REST route.
    std::string why;
    const std::string prefix = "Bearer ";
    if (authorization.compare(0, prefix.size(), prefix) == 0) who = context.auth->verify(authorization.substr(prefix.size()), why);
    else why = "the Authorization header must be 'Bearer <token>'";
    const std::string& tenant = upgrade.header("x-tenant-id");
    if (who && !tenant.empty() && tenant != who->tenant) {
      who.reset();
      why = "the token is not for tenant '" + tenant.substr(0, 64) + "'";
    }
    if (!who) return {nullptr, error_response({errc::unauthorized, why, json::object()}, new_request_id())};
  }
  return {std::make_unique<seed000_handler>(std::move(connection), context, std::move(who)), response{}};
}

}  // namespace weft::http
