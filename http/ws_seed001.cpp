#include "http/ws_seed001.hpp"

#include <nlohmann/json.hpp>

#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/ws_messages.hpp"
#include "http/ws_subscriptions.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

std::string now_iso() { return core::expr::iso_timestamp(core::expr::system_now_ms()); }

class seed001_handler final : public ws_handler {
 public:
  seed001_handler(std::shared_ptr<ws_connection> connection, std::weak_ptr<actors::event_feed> feed, std::string tenant,
                  std::string instance_id)
      : connection_(connection), tenant_(std::move(tenant)), instance_id_(std::move(instance_id)),
        subscriptions_(std::move(connection), std::move(feed),
                       [](const execution_view& v, const core::event& e) { return std::vector<json>{seed001_message(v, e)}; },
                       [](const std::string& execution_id, std::uint64_t last_seq) {
                         return json{{"event_type", "lagged"},
                                     {"data", {{"execution_id", execution_id}, {"last_seq", last_seq}}},
                                     {"timestamp", now_iso()}};
                       }) {}

  // Says when it listens, so a client can start executions knowing it misses none.
  void on_open() override {
    subscriptions_.add(tenant_, "workflow:" + instance_id_, std::nullopt,
                       json{{"event_type", "subscribed"}, {"data", {{"instance_id", instance_id_}}}, {"timestamp", now_iso()}});
  }

  void on_message(const std::string& text) override {
    auto parsed = core::parse_json_input(text);
    if (parsed.value && parsed.value->is_object() && parsed.value->value("type", "") == "ping") {
      connection_->send(json{{"event_type", "pong"}, {"data", json::object()}, {"timestamp", now_iso()}}.dump());
    }
  }

  void on_close() override { subscriptions_.clear(); }

 private:
  std::shared_ptr<ws_connection> connection_;
  std::string tenant_;
  std::string instance_id_;
  ws_subscriptions subscriptions_;
};

}  // namespace

ws_decision accept_seed001(const request& upgrade, std::shared_ptr<ws_connection> connection, const authenticator& auth,
                           topic_access access, std::weak_ptr<actors::event_feed> feed) {
  const std::string prefix = "/api/workflow/ws/";
  const std::string instance = upgrade.path.substr(prefix.size());
  std::string why;
  const std::optional<principal> who = upgrade_caller(upgrade, auth, why);
  if (!who) return {nullptr, error_response({errc::unauthorized, why, json::object()}, new_request_id())};
  if (instance.empty() || instance.find('/') != std::string::npos || !may_follow(access, *who, "workflow:" + instance)) {
    return {nullptr, error_response({errc::workflow_not_found, "no workflow instance '" + instance.substr(0, 128) + "'",
                                     json::object()},
                                    new_request_id())};
  }
  return {std::make_unique<seed001_handler>(std::move(connection), std::move(feed), who->tenant, instance), response{}};
}

}  // namespace weft::http
