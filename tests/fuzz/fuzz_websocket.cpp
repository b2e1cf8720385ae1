// Each WebSocket dialect's message handling from untrusted frames: an upgrade to one of the
// three gateways (seed 000, 001, 004), then the input's lines as text messages, each handed
// to the dialect as the server would (one at a time, none after the connection closed),
// with a connection that records what is sent. A real RocksDB in a temp dir holds one
// workflow, so topics and instances that exist are checked as in production; the event
// feed is absent (subscriptions are accepted and deliver nothing: delivery is the suites').
// Input: a first byte choosing the dialect (% 3) and whether the upgrade carries the admin
// token in its Authorization header (bit 2); a first line, the upgrade's query string
// ("token=$TOKEN&since=3"); then one message a line. $TOKEN becomes a valid admin token of
// tenant "acme", $OTHER one of another tenant, $WF the stored workflow's id.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/auth.hpp"
#include "http/request_target.hpp"
#include "http/ws_context.hpp"
#include "http/ws_registry.hpp"
#include "http/ws_seed000.hpp"
#include "http/ws_seed001.hpp"
#include "http/ws_seed004.hpp"
#include "nodes/registry.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/workflow_store.hpp"

namespace {

using namespace weft;

class recording_connection final : public http::push_connection {
 public:
  bool send(http::payload text, bool) override {
    if (closed) return false;
    bytes += text->size();
    // What goes out must be JSON the client can read (text cut inside UTF-8 included).
    if (nlohmann::json::parse(*text, nullptr, false).is_discarded()) std::abort();
    return true;
  }
  void close(std::uint16_t, std::string) override { closed = true; }
  bool closed = false;
  std::size_t bytes = 0;
};

struct node {
  std::unique_ptr<storage::database> db;
  std::unique_ptr<storage::workflow_store> workflows_store;
  std::unique_ptr<storage::event_log> log;
  std::unique_ptr<storage::execution_store> summaries;
  std::unique_ptr<services::workflow_service> workflows;
  std::unique_ptr<services::execution_reader> executions;
  std::optional<http::authenticator> auth;
  http::ws_registry registry;
  http::ws_context context;
  std::string admin_token, other_token, workflow_id;

  node() {
    char dir[] = "/tmp/weft-fuzz-ws-XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    storage::database_options options;
    options.path = dir;
    options.sync = storage::sync_mode::none;
    options.min_free_bytes = 0;
    if (!storage::database::open(options, db).is_ok()) std::abort();
    workflows_store = std::make_unique<storage::workflow_store>(*db);
    log = std::make_unique<storage::event_log>(*db);
    summaries = std::make_unique<storage::execution_store>(*db);
    workflows = std::make_unique<services::workflow_service>(*workflows_store, nodes::registry::builtin(),
                                                             [] { return std::int64_t{1'700'000'000'000}; });
    executions = std::make_unique<services::execution_reader>(*log, *summaries);
    std::string why;
    auth = http::authenticator::make("fuzzing-secret-of-32-bytes-long!", why);
    admin_token = auth->issue({"ana", "acme", {"admin"}}, std::chrono::hours(24));
    other_token = auth->issue({"eve", "globex", {"viewer"}}, std::chrono::hours(24));
    const auto created = workflows->create({"acme", "ana"}, nlohmann::json::parse(R"({
      "name": "fuzz", "steps": [{"id": "start", "type": "input"}, {"id": "done", "type": "output", "config": {"value": "$.input"}}],
      "edges": [{"from": "start", "to": "done"}]})"));
    if (!created.ok()) {
      std::fprintf(stderr, "fuzz_websocket: the workflow does not save: %s %s\n", created.error().message.c_str(),
                   created.error().details.dump().c_str());
      std::abort();
    }
    workflow_id = created.value().at("id").get<std::string>();
    context.auth = &*auth;
    context.access = {workflows.get(), executions.get(), nullptr};
    context.registry = &registry;
  }

  std::string expand(std::string text) const {
    for (const auto& [name, value] : {std::pair<std::string, const std::string*>{"$TOKEN", &admin_token},
                                      {"$OTHER", &other_token}, {"$WF", &workflow_id}}) {
      for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value->size())) {
        text.replace(at, name.size(), *value);
      }
    }
    return text;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static node n;
  if (size == 0) return 0;
  const int dialect = data[0] % 3;
  const bool with_token = (data[0] & 4) != 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  http::request upgrade;
  upgrade.method = "GET";
  upgrade.path = dialect == 0 ? "/api/workflows/ws" : dialect == 1 ? "/api/workflow/ws/" + n.workflow_id : "/api/v1/ws";
  if (with_token) upgrade.headers["authorization"] = "Bearer " + n.admin_token;
  const std::size_t end_of_query = rest.find('\n');
  http::request query_of;
  if (http::parse_target("/?" + n.expand(std::string(rest.substr(0, end_of_query))), query_of)) upgrade.query = query_of.query;
  rest = end_of_query == std::string_view::npos ? std::string_view() : rest.substr(end_of_query + 1);
  auto connection = std::make_shared<recording_connection>();
  http::ws_decision decision = dialect == 0 ? http::accept_seed000(upgrade, connection, n.context)
                               : dialect == 1 ? http::accept_seed001(upgrade, connection, n.context)
                                              : http::accept_seed004(upgrade, connection, n.context);
  if (!decision.handler) return 0;
  decision.handler->on_open();
  while (!rest.empty() && !connection->closed) {
    const std::size_t newline = rest.find('\n');
    decision.handler->on_message(n.expand(std::string(rest.substr(0, newline))));
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  }
  decision.handler->on_close();
  return 0;
}
