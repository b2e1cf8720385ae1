#include "http/ws_seed001.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/ws_input.hpp"
#include "http/ws_messages.hpp"
#include "http/live_subscriptions.hpp"
#include "http/ws_registry.hpp"
#include "services/execution_reader.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

std::string now_iso() { return core::expr::iso_timestamp(core::expr::system_now_ms()); }

json lagged_notice(const std::string& execution_id, std::uint64_t last_seq) {
  return {{"event_type", "lagged"}, {"data", {{"execution_id", execution_id}, {"last_seq", last_seq}}}, {"timestamp", now_iso()}};
}

// Where a reconnecting client resumes: `?since=` names the last seq it saw of the
// instance's latest execution, or of `?execution_id=`.
struct resume_point {
  std::string execution_id;
  std::uint64_t since = 0;
};

class seed001_handler final : public push_handler {
 public:
  seed001_handler(std::shared_ptr<push_connection> connection, const ws_context& context, const principal& who,
                  std::string instance_id, std::optional<resume_point> resume)
      : connection_(connection), tenant_(who.tenant), instance_id_(std::move(instance_id)), resume_(std::move(resume)),
        presence_(context.registry->enter(who.tenant, who.user)),
        subscriptions_(std::move(connection), context.feed,
                       {"seed001", [](const execution_view& v, const core::event& e) { return std::vector<json>{seed001_message(v, e)}; },
                        seed001_workflow_message, lagged_notice, nullptr, false}) {
    subscriptions_.execution_level_only(context.execution_level_only);
  }

  // Says when it listens, so a client can start executions knowing it misses none. A
  // resumed execution's missed events follow (and its live ones go out once).
  void on_open() override {
    const std::string room = "workflow:" + instance_id_;
    presence_.join(room);  // before the confirmation can go out (seed 004's note)
    subscriptions_.add(tenant_, room, std::nullopt,
                       json{{"event_type", "subscribed"}, {"data", {{"instance_id", instance_id_}}}, {"timestamp", now_iso()}});
    // Added after the ready message: its replay comes after it either way (held while the
    // room is not yet in place, or sent once it is).
    if (resume_) subscriptions_.add(tenant_, "execution:" + resume_->execution_id, resume_->since);
  }

  void on_message(const std::string& text) override {
    auto parsed = core::parse_json_input(text);
    if (parsed.value && parsed.value->is_object() && string_field(*parsed.value, "type") == "ping") {
      connection_->send(frame_text(json{{"event_type", "pong"}, {"data", json::object()}, {"timestamp", now_iso()}}));
    }
  }

  void on_close() override {
    subscriptions_.clear();
    presence_ = {};
  }

 private:
  std::shared_ptr<push_connection> connection_;
  std::string tenant_;
  std::string instance_id_;
  std::optional<resume_point> resume_;
  ws_registry::presence presence_;
  live_subscriptions subscriptions_;
};

ws_decision refuse(errc code, const std::string& message) {
  return {nullptr, error_response({code, message, json::object()}, new_request_id())};
}

}  // namespace

ws_decision accept_seed001(const request& upgrade, std::shared_ptr<push_connection> connection, const ws_context& context) {
  const std::string prefix = "/api/workflow/ws/";
  const std::string instance = upgrade.path.substr(prefix.size());
  std::string why;
  const std::optional<principal> who = upgrade_caller(upgrade, *context.auth, why);
  if (!who) return refuse(errc::unauthorized, why);
  if (instance.empty() || instance.find('/') != std::string::npos || !may_follow(context.access, *who, "workflow:" + instance)) {
    return refuse(errc::workflow_not_found, "no workflow instance '" + instance.substr(0, 128) + "'");
  }
  std::optional<resume_point> resume;
  if (upgrade.query.count("since")) {
    const std::string& text = upgrade.query.at("since");
    resume_point r;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), r.since);
    if (ec != std::errc() || end != text.data() + text.size()) return refuse(errc::invalid_input, "since must be an event seq");
    r.execution_id = upgrade.query_or("execution_id", "");
    if (r.execution_id.empty()) {
      auto latest = context.access.executions->list({who->tenant, who->user}, instance, "", "", 1);
      if (latest.ok() && !latest.value()["executions"].empty()) r.execution_id = latest.value()["executions"][0].value("execution_id", "");
    } else if (!may_follow(context.access, *who, "execution:" + r.execution_id)) {
      return refuse(errc::execution_not_found, "no execution '" + r.execution_id.substr(0, 128) + "'");
    }
    if (!r.execution_id.empty()) resume = std::move(r);
  }
  return {std::make_unique<seed001_handler>(std::move(connection), context, *who, instance, std::move(resume)), response{}};
}

}  // namespace weft::http
