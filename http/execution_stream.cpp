#include "http/execution_stream.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "http/errors.hpp"
#include "http/live_subscriptions.hpp"
#include "services/execution_reader.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

// One SSE event; `data` is one line (JSON text has no raw newlines).
std::string frame(const json& m) {
  std::string out;
  if (auto seq = m.find("seq"); seq != m.end() && seq->is_number_unsigned()) out += "id: " + std::to_string(seq->get<std::uint64_t>()) + "\n";
  out += "event: " + m.value("type", std::string("message")) + "\n";
  out += "data: " + m.dump() + "\n\n";
  return out;
}

std::vector<json> event_messages(const execution_view& view, const core::event& e) {
  json m = core::to_json(e);
  m["execution_id"] = view.execution_id();
  return {std::move(m)};
}

json lagged_notice(const std::string& execution_id, std::uint64_t last_seq) {
  return {{"type", "lagged"},
          {"execution_id", execution_id},
          {"last_seq", last_seq},
          {"message", "the stream fell behind; reconnect with Last-Event-ID"}};
}

class stream_handler final : public push_handler {
 public:
  stream_handler(std::shared_ptr<push_connection> connection, std::weak_ptr<actors::event_feed> feed, std::string tenant,
                 std::string execution_id, std::uint64_t since)
      : tenant_(std::move(tenant)), execution_id_(std::move(execution_id)), since_(since),
        subscriptions_(std::move(connection), std::move(feed),
                       {"sse", event_messages, nullptr, lagged_notice, frame, /*end_with_execution=*/true}) {}

  void on_open() override { subscriptions_.add(tenant_, "execution:" + execution_id_, since_); }
  void on_close() override { subscriptions_.clear(); }

 private:
  std::string tenant_;
  std::string execution_id_;
  std::uint64_t since_;
  live_subscriptions subscriptions_;
};

// Last-Event-ID (what EventSource sends when it reconnects) wins over ?since=.
std::uint64_t resume_point(const request& req) {
  std::string text = req.header("last-event-id");
  if (text.empty()) text = req.query_or("since", "0");
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw api_failure{{errc::invalid_input, "Last-Event-ID and since must be an event seq (an unsigned integer)",
                       json::object()}};
  }
  return v;
}

}  // namespace

void add_execution_stream_route(router& r, const services::execution_reader& reader,
                                std::weak_ptr<actors::event_feed> feed) {
  r.add_stream("GET", "/api/executions/{id}/stream", [&reader, feed](request& req) {
    const std::string id = req.params["id"];
    const std::uint64_t since = resume_point(req);
    auto last = reader.events({req.tenant, req.user}, id, UINT64_MAX - 1, 1);
    if (!last.ok()) {
      if (last.error().what == services::service_error::kind::not_found) {
        throw api_failure{{errc::execution_not_found, last.error().message, json::object()}};
      }
      throw api_failure{{errc::internal_error, last.error().message, json::object()}};
    }
    const std::uint64_t last_seq = last.value()["last_seq"];
    if (since >= last_seq) {
      // Nothing left to send of an execution that has ended: 204 stops EventSource.
      auto tail = reader.events({req.tenant, req.user}, id, last_seq - 1, 1);
      if (tail.ok() && !tail.value()["events"].empty()) {
        auto type = core::event_type_from(tail.value()["events"][0].value("type", ""));
        if (type && core::is_terminal(*type)) return response::no_content();
      }
    }
    response res;
    res.content_type = "text/event-stream; charset=utf-8";
    res.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
    res.stream = [feed, tenant = req.tenant, id, since](std::shared_ptr<push_connection> connection) {
      return std::make_unique<stream_handler>(std::move(connection), feed, tenant, id, since);
    };
    return res;
  });
}

}  // namespace weft::http
