// Subscriptions deliver on actor threads, so what they share with the connection's strand
// (the views of each execution) sits behind a mutex in a shared state that outlives the
// handler until the last callback has run.
#include "http/ws_seed000.hpp"

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "actors/event_feed.hpp"
#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/execution_view.hpp"
#include "http/ws_messages.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

constexpr std::uint16_t close_policy = 1008;  // RFC 6455: policy violation
constexpr std::size_t max_topics = 100;

// What the subscription callbacks share with the handler.
struct shared_views {
  std::mutex mutex;
  std::map<std::string, execution_view> views;  // by execution id
  std::uint64_t lagged_at = 0;                   // set once the client fell behind
};

json error_message(const std::string& code, const std::string& message) {
  return {{"event", "error"}, {"error", {{"code", code}, {"message", message}}},
          {"timestamp", core::expr::iso_timestamp(core::expr::system_now_ms())}};
}

class seed000_handler final : public ws_handler {
 public:
  seed000_handler(std::shared_ptr<ws_connection> connection, const authenticator& auth,
                  std::weak_ptr<actors::event_feed> feed, std::optional<principal> who)
      : connection_(std::move(connection)), auth_(auth), feed_(feed), who_(std::move(who)),
        shared_(std::make_shared<shared_views>()) {}

  ~seed000_handler() override { unsubscribe_all(); }

  void on_message(const std::string& text) override {
    auto parsed = core::parse_json_input(text);
    if (!parsed.value || !parsed.value->is_object()) return reply(error_message("invalid_input", "messages are JSON objects"));
    const json& msg = *parsed.value;
    const std::string action = msg.value("action", "");
    if (action == "ping") return reply({{"event", "pong"}, {"timestamp", core::expr::iso_timestamp(core::expr::system_now_ms())}});
    if (action == "authenticate") return authenticate(msg);
    if (!who_) return reply(error_message("unauthorized", "authenticate first"));
    if (action == "subscribe") return subscribe(msg);
    if (action == "unsubscribe") return unsubscribe(msg);
    reply(error_message("invalid_input", "unknown action '" + action.substr(0, 64) + "'"));
  }

  void on_close() override { unsubscribe_all(); }

 private:
  void reply(const json& m) { connection_->send(m.dump()); }

  void authenticate(const json& msg) {
    std::string why;
    const std::string token = msg.value("token", "");
    const std::string tenant = msg.value("tenant_id", "");
    auto who = auth_.verify(token, why);
    if (!who || (!tenant.empty() && tenant != who->tenant)) {
      connection_->send(error_message("unauthorized", who ? "the token is not for this tenant" : why).dump(), true);
      return connection_->close(close_policy, "unauthorized");
    }
    who_ = std::move(who);
    reply({{"event", "authenticated"}, {"tenant_id", who_->tenant}, {"user_id", who_->user}});
  }

  void subscribe(const json& msg) {
    const json topics = msg.value("topics", json());
    if (!topics.is_array() || topics.empty() || topics.size() > max_topics) {
      return reply(error_message("invalid_input", "topics must be a list of 1 to 100 topics"));
    }
    const json since = msg.value("since", json::object());
    // Check every topic first and confirm, then subscribe: the confirmation goes out before
    // any event of the new subscriptions can.
    json accepted = json::array();
    for (const auto& t : topics) {
      if (!t.is_string()) return reply(error_message("invalid_input", "topics are strings"));
      const std::string topic = t.get<std::string>();
      const bool all = topic == "all_executions" || topic == "all_workflows";
      const bool scoped = (topic.rfind("execution:", 0) == 0 && topic.size() > 10) || (topic.rfind("workflow:", 0) == 0 && topic.size() > 9);
      if (!all && !scoped) return reply(error_message("invalid_input", "unknown topic '" + topic.substr(0, 64) + "'"));
      if (all && !who_->is_admin()) {
        return reply(error_message("permission_denied", "'" + topic + "' is for tenant admins"));
      }
      accepted.push_back(topic);
    }
    reply({{"event", "subscribed"}, {"topics", accepted}});
    auto feed = feed_.lock();
    if (!feed) return;
    for (const auto& t : accepted) {
      const std::string topic = t.get<std::string>();
      if (subscriptions_.count(topic)) continue;
      std::optional<std::uint64_t> from;
      if (since.is_object() && since.contains(topic) && since[topic].is_number_unsigned()) from = since[topic].get<std::uint64_t>();
      subscriptions_[topic] = feed->subscribe(who_->tenant, topic, from, deliver());
    }
  }

  void unsubscribe(const json& msg) {
    const json topics = msg.value("topics", json::array());
    json removed = json::array();
    if (topics.is_array()) {
      for (const auto& t : topics) {
        if (!t.is_string()) continue;
        auto it = subscriptions_.find(t.get<std::string>());
        if (it == subscriptions_.end()) continue;
        if (auto feed = feed_.lock()) feed->unsubscribe(it->second);
        subscriptions_.erase(it);
        removed.push_back(t);
      }
    }
    reply({{"event", "unsubscribed"}, {"topics", removed}});
  }

  // The callback of a subscription: folds each batch into its execution's view and sends
  // the dialect's messages. A client too slow to take them gets a `lagged` notice with the
  // last seq it was sent, and is closed; it resumes with `since`.
  actors::feed_callback deliver() {
    return [shared = shared_, connection = connection_](actors::feed_batch batch) {
      if (batch.subscribed) return;
      std::lock_guard lock(shared->mutex);
      if (shared->lagged_at != 0) return;
      auto [it, fresh] = shared->views.try_emplace(batch.execution_id, batch.execution_id);
      for (const auto& e : batch.events) {
        it->second.apply(e);
        for (const auto& m : seed000_messages(it->second, e)) {
          if (connection->send(m.dump())) continue;
          shared->lagged_at = e.seq;
          connection->send(json{{"event", "lagged"},
                                {"execution_id", batch.execution_id},
                                {"last_seq", e.seq > 0 ? e.seq - 1 : 0},
                                {"message", "the connection fell behind; resubscribe with since"}}
                               .dump(),
                           true);
          connection->close(close_policy, "lagged");
          return;
        }
      }
    };
  }

  // The feed may be gone already (a connection can outlive the node's shutdown).
  void unsubscribe_all() {
    if (auto feed = feed_.lock()) {
      for (const auto& [topic, id] : subscriptions_) feed->unsubscribe(id);
    }
    subscriptions_.clear();
  }

  std::shared_ptr<ws_connection> connection_;
  const authenticator& auth_;
  std::weak_ptr<actors::event_feed> feed_;
  std::optional<principal> who_;
  std::shared_ptr<shared_views> shared_;
  std::map<std::string, actors::event_feed::subscription> subscriptions_;
};

}  // namespace

ws_decision accept_seed000(const request& upgrade, std::shared_ptr<ws_connection> connection, const authenticator& auth,
                           std::weak_ptr<actors::event_feed> feed) {
  std::optional<principal> who;
  const std::string& authorization = upgrade.header("authorization");
  if (!authorization.empty()) {
    // Credentials at the upgrade must verify, as on every REST route.
    std::string why;
    const std::string prefix = "Bearer ";
    if (authorization.compare(0, prefix.size(), prefix) == 0) who = auth.verify(authorization.substr(prefix.size()), why);
    else why = "the Authorization header must be 'Bearer <token>'";
    const std::string& tenant = upgrade.header("x-tenant-id");
    if (who && !tenant.empty() && tenant != who->tenant) {
      who.reset();
      why = "the token is not for tenant '" + tenant.substr(0, 64) + "'";
    }
    if (!who) return {nullptr, error_response({errc::unauthorized, why, json::object()}, new_request_id())};
  }
  return {std::make_unique<seed000_handler>(std::move(connection), auth, feed, std::move(who)), response{}};
}

}  // namespace weft::http
