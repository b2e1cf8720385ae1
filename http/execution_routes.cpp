// Routes that talk to the engine answer asynchronously: the engine client calls back on an
// actor thread and the response goes back to the connection from there.
#include "http/execution_routes.hpp"

#include <set>

#include "actors/engine_client.hpp"
#include "core/execution_state.hpp"
#include "core/expr/value_ops.hpp"
#include "core/json_input.hpp"
#include "http/errors.hpp"
#include "http/forward.hpp"
#include "http/query_params.hpp"
#include "http/request_body.hpp"
#include "http/workflow_routes.hpp"
#include "services/debug_trace.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

// A time in a query: ISO-8601 (`2026-12-03T10:00:00Z`); 400 for anything else or a time
// before 1970.
std::int64_t time_param(const std::string& text, const char* name) {
  auto ms = core::expr::parse_iso_timestamp(text);
  if (!ms || *ms < 0) {
    throw api_failure{{errc::invalid_input, std::string(name) + " must be an ISO-8601 time such as 2026-12-03T10:00:00Z", json::object()}};
  }
  return *ms;
}

constexpr std::uint32_t max_wait_ms = 300'000;

response error(const std::string& request_id, errc code, std::string message) {
  return error_response({code, std::move(message), json::object()}, request_id);
}

// The engine did not answer with a state: an unknown execution (404), or why it could not.
response engine_error(const std::string& request_id, const std::string& id, const actors::engine_answer& a) {
  if (a.code == actors::engine_errc::not_found) {
    return error(request_id, errc::execution_not_found, "execution '" + id.substr(0, 128) + "' was not found");
  }
  return error_response(engine_failure(a.code, a.error), request_id);
}

// The top-level `status` and `execution_id` of a state's JSON text, read without building
// the document (a state carries every step's output; building it only to read two fields
// and write it out again was a sixth of an execute request's time in the HTTP layer). The
// reading stops once both are found: keys come sorted, and `steps`, the largest part,
// comes after them.
class top_level_fields final : public nlohmann::json_sax<json> {
 public:
  std::string status;
  std::string execution_id;

  [[nodiscard]] bool found() const { return !status.empty() && !execution_id.empty(); }

  bool string(string_t& value) override {
    if (depth_ == 1 && key_ == "status") status = value;
    if (depth_ == 1 && key_ == "execution_id") execution_id = value;
    return !found();  // false stops the reading
  }
  bool key(string_t& value) override {
    if (depth_ == 1) key_ = value;
    return true;
  }
  bool start_object(std::size_t) override { return ++depth_, true; }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return ++depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  int depth_ = 0;
  std::string key_;
};

// The answer of a finished (or not yet finished) execution, from the engine's state JSON:
// a finished one is answered with that text as it is.
response state_response(std::string state_text, bool accepted_if_running) {
  top_level_fields fields;
  const bool read_whole = json::sax_parse(state_text, &fields);
  if (!(read_whole || fields.found()) || fields.status.empty()) {
    return error_response({errc::internal_error, "unreadable execution state", json::object()}, "");
  }
  if (accepted_if_running && !core::is_terminal_status(fields.status)) {
    return response::json(202, {{"execution_id", fields.execution_id}, {"status", fields.status}});
  }
  return response::text(200, std::move(state_text), "application/json");
}

}  // namespace

void start_workflow(services::workflow_service& workflows, actors::engine_client& engine, const std::string& tenant,
                    const std::string& user, const std::string& workflow_id, const std::string& execution_id,
                    const std::string& input_json,
                    std::function<void(const actors::engine_answer& answer, std::uint64_t version)> started,
                    const std::string& trigger, std::int32_t priority, const std::string& idempotency_key,
                    std::uint32_t await_ms) {
  const services::caller who{tenant, user};
  auto found = workflows.version_to_run(who, workflow_id);
  if (auto* failed = std::get_if<services::service_error>(&found)) throw api_failure{workflow_api_error(*failed)};
  const auto& run = std::get<services::workflow_service::runnable_version>(found);
  if (auto refused = workflows.admit_execution(tenant, trigger)) throw api_failure{workflow_api_error(*refused)};
  const auto capped = workflows.with_time_cap(tenant, *run.definition);
  const std::uint64_t version = run.version;
  engine.start({tenant, execution_id, workflow_id, version, capped ? capped->dump() : *run.text, input_json, "", priority,
                idempotency_key, await_ms},
               [started = std::move(started), version](actors::engine_answer a) { started(a, version); });
}

void add_execution_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                          services::start_keys& keys, actors::engine_client& engine, listing_peers peers) {
  r.add_async("POST", "/api/workflows/{id}/execute", [&workflows, &engine, &keys](request& req, respond_fn respond) {
    const std::uint32_t wait_ms = static_cast<std::uint32_t>(integer_param(req, "wait_ms", 0, 0, max_wait_ms));
    const json body = object_body(req, "{ \"input\": ..., \"priority\"?: -100..100 }");
    const json input = body.value("input", json::object());
    const json priority = body.value("priority", json(0));
    if (!priority.is_number_integer() || priority.get<std::int64_t>() < -100 || priority.get<std::int64_t>() > 100) {
      throw api_failure{{errc::invalid_input, "priority must be an integer from -100 to 100", {{"pointer", "/priority"}}}};
    }
    const services::caller who{req.tenant, req.user};
    const std::string id = engine.new_execution_id();
    const std::string& idempotency_key = req.header("idempotency-key");
    if (!idempotency_key.empty()) {
      auto reserved = keys.reserve(who, idempotency_key, id, core::expr::system_now_ms());
      if (!reserved.ok()) throw api_failure{{errc::invalid_input, reserved.error().message, json::object()}};
      if (reserved.value().get<std::string>() != id) {
        // The same start was asked for before: answer with that execution (still being
        // created when its key is only reserved: then pending).
        const std::string first = reserved.value().get<std::string>();
        auto answer = [respond, first](actors::engine_answer a) {
          if (!a.ok) return respond(response::json(202, {{"execution_id", first}, {"status", "pending"}}));
          respond(state_response(std::move(a.value), true));
        };
        if (wait_ms > 0)
          engine.await({req.tenant, first, wait_ms}, answer);
        else
          engine.query({req.tenant, first}, answer);
        return;
      }
    }
    // A start refused before its first event frees the key; one whose answer only timed out
    // may still happen, and keeps it (the log writer settles it when it writes or fails).
    auto release_key = [&keys, who, idempotency_key, id] {
      if (!idempotency_key.empty()) keys.release(who, idempotency_key, id);
    };
    try {
      start_workflow(
          workflows, engine, req.tenant, req.user, req.params["id"], id, input.dump(),
          [respond, id, wait_ms, workflow_id = req.params["id"], request_id = req.request_id,
           release_key](const actors::engine_answer& started, std::uint64_t version) {
            if (!started.ok) {
              if (!started.timed_out) release_key();
              return respond(error_response(engine_failure(started.code, "the execution did not start: " + started.error), request_id));
            }
            if (wait_ms == 0) {
              return respond(response::json(202, {{"execution_id", id},
                                                  {"status", started.value},
                                                  {"workflow_id", workflow_id},
                                                  {"workflow_version", version}}));
            }
            respond(state_response(started.value, true));  // its state at the end, or after wait_ms
          },
          "", static_cast<std::int32_t>(priority.get<std::int64_t>()), idempotency_key, wait_ms);
    } catch (const api_failure&) {
      release_key();  // nothing started under this key
      throw;
    }
  });

  // SPEC §5: run the saved definition (its latest version, published or not) or an inline
  // one, and answer when it ends — or after wait_ms with the state so far — with the
  // per-step trace when debug_mode is true. The run is a real execution: durable, listed.
  r.add_async("POST", "/api/workflows/{id}/test-execute", [&workflows, &engine](request& req, respond_fn respond) {
    const json body = object_body(req, "{ \"input\", \"debug_mode\", \"definition\" }");
    const json input = body.value("input", json::object());
    const auto debug = body.find("debug_mode");
    if (debug != body.end() && !debug->is_boolean())
      throw api_failure{{errc::invalid_input, "debug_mode must be true or false", json::object()}};
    const bool debug_mode = debug != body.end() && debug->get<bool>();
    if (debug_mode) {
      if (auto refused = workflows.check_feature(req.tenant, "detailed_logs")) throw api_failure{workflow_api_error(*refused)};
    }
    std::uint32_t wait_ms = static_cast<std::uint32_t>(integer_param(req, "wait_ms", 30'000, 0, max_wait_ms));
    if (auto w = body.find("wait_ms"); w != body.end()) {
      if (!w->is_number_unsigned() || w->get<std::uint64_t>() > max_wait_ms)
        throw api_failure{{errc::invalid_input, "wait_ms must be an integer from 0 to " + std::to_string(max_wait_ms), json::object()}};
      wait_ms = w->get<std::uint32_t>();
    }
    const services::caller who{req.tenant, req.user};
    auto saved = workflows.get(who, req.params["id"]);
    if (!saved.ok()) throw api_failure{{errc::workflow_not_found, saved.error().message, json::object()}};
    json definition = saved.value()["definition"];
    std::uint64_t version = saved.value()["version"].get<std::uint64_t>();
    if (auto inline_definition = body.find("definition"); inline_definition != body.end()) {
      auto runnable = workflows.runnable(req.tenant, *inline_definition);
      if (!runnable.ok())
        throw api_failure{{errc::invalid_workflow_definition, runnable.error().message, runnable.error().details}};
      definition = runnable.value();
      version = 0;  // not a saved version
    }
    if (auto refused = workflows.admit_execution(req.tenant)) throw api_failure{workflow_api_error(*refused)};
    if (auto capped = workflows.with_time_cap(req.tenant, definition)) definition = std::move(*capped);
    const std::string id = engine.new_execution_id();
    engine.start({req.tenant, id, req.params["id"], version, definition.dump(), input.dump()},
                 [&engine, respond, id, wait_ms, debug_mode, definition, tenant = req.tenant,
                  request_id = req.request_id](actors::engine_answer started) {
                   if (!started.ok) {
                     return respond(error_response(engine_failure(started.code, "the execution did not start: " + started.error), request_id));
                   }
                   engine.await({tenant, id, wait_ms}, [respond, debug_mode, definition, request_id, id](actors::engine_answer done) {
                     if (!done.ok) return respond(engine_error(request_id, id, done));
                     json state = json::parse(done.value, nullptr, false);
                     if (state.is_discarded()) return respond(error(request_id, errc::internal_error, "unreadable execution state"));
                     if (debug_mode) state["debug"] = {{"steps", services::debug_trace(definition, state)}};
                     respond(response::json(core::is_terminal_status(state.value("status", "")) ? 200 : 202, state));
                   });
                 });
  });

  r.add_async("GET", "/api/executions/{id}", [&engine](request& req, respond_fn respond) {
    const std::uint32_t wait_ms = static_cast<std::uint32_t>(integer_param(req, "wait_ms", 0, 0, max_wait_ms));
    auto answer = [respond, request_id = req.request_id, id = req.params["id"]](actors::engine_answer a) {
      if (!a.ok) return respond(engine_error(request_id, id, a));
      respond(state_response(std::move(a.value), false));
    };
    if (wait_ms > 0)
      engine.await({req.tenant, req.params["id"], wait_ms}, answer);
    else
      engine.query({req.tenant, req.params["id"]}, answer);
  });

  r.add_async("GET", "/api/executions", [&reader, peers](request& req, respond_fn respond) {
    const std::string status = req.query_or("status", "");
    static const std::set<std::string> statuses = {"pending", "running", "completed", "failed", "cancelled", "timed_out"};
    if (!status.empty() && !statuses.count(status)) {
      throw api_failure{{errc::invalid_input, "unknown status '" + status.substr(0, 32) + "'", json::object()}};
    }
    storage::created_range created;
    if (auto t = req.query_or("created_after", ""); !t.empty()) created.from_ms = time_param(t, "created_after");
    if (auto t = req.query_or("created_before", ""); !t.empty()) created.before_ms = time_param(t, "created_before");
    if (created.before_ms <= created.from_ms) {
      throw api_failure{{errc::invalid_input, "created_before must be later than created_after", json::object()}};
    }
    const std::size_t limit = page_limit(req, 50, 200);
    auto o = reader.list({req.tenant, req.user}, req.query_or("workflow_id", ""), status, req.query_or("cursor", ""), limit, created);
    if (!o.ok()) {
      throw api_failure{{o.error().what == services::service_error::kind::invalid_input ? errc::invalid_input : errc::internal_error,
                         o.error().message, json::object()}};
    }
    // Sharded coordinators: every one lists its own part; merged here in the order all share.
    if (peers.addresses.empty() || !req.header(forwarded_by_header).empty()) return respond(response::json(200, o.value()));
    gather(req, peers.addresses, peers.this_node,
           [respond, mine = o.value(), limit, request_id = req.request_id](std::vector<response> answers) {
             std::vector<json> pages = {mine};
             for (const auto& a : answers) {
               if (a.status != 200) {
                 const json body = json::parse(a.body, nullptr, false);
                 return respond(error_response({errc::unavailable, "a coordinator did not answer its part of the listing",
                                                body.is_object() ? body.value("error", json::object()) : json::object()},
                                               request_id));
               }
               pages.push_back(json::parse(a.body, nullptr, false));
             }
             respond(response::json(200, services::execution_reader::merge_pages(pages, limit)));
           });
  });

  r.add("GET", "/api/executions/{id}/events", [&reader](request& req) {
    const auto after = integer_param(req, "after", 0, 0, UINT64_MAX - 1);
    const auto limit = page_limit(req, 100, 1000);
    auto o = reader.events({req.tenant, req.user}, req.params["id"], after, limit);
    if (!o.ok()) {
      throw api_failure{{o.error().what == services::service_error::kind::not_found ? errc::execution_not_found
                                                                                    : errc::internal_error,
                         o.error().message, json::object()}};
    }
    return response::json(200, o.value());
  });

  r.add_async("POST", "/api/executions/{id}/signals/{name}", [&engine](request& req, respond_fn respond) {
    const std::string& name = req.params["name"];
    if (name.empty() || name.size() > 128)
      throw api_failure{{errc::invalid_input, "invalid signal name", json::object()}};
    json payload = json_body(req, false, nullptr);
    engine.signal({req.tenant, req.params["id"], name, payload.dump()}, [&engine, respond, request_id = req.request_id,
                                                                         tenant = req.tenant, id = req.params["id"],
                                                                         name](actors::engine_answer a) {
      if (a.ok && a.value == "true") {
        return respond(response::json(200, {{"execution_id", id}, {"signal", name}, {"delivered", true}}));
      }
      if (!a.ok) return respond(engine_error(request_id, id, a));  // e.g. the disk is full: not recorded
      engine.query({tenant, id}, [respond, request_id, id](actors::engine_answer q) {
        if (!q.ok) return respond(engine_error(request_id, id, q));
        respond(error(request_id, errc::conflict, "execution '" + id + "' has already ended"));
      });
    });
  });

  r.add("GET", "/api/executions/{id}/logs", [&reader](request& req) {
    auto o = reader.logs({req.tenant, req.user}, req.params["id"]);
    if (!o.ok()) {
      throw api_failure{{o.error().what == services::service_error::kind::not_found ? errc::execution_not_found
                                                                                    : errc::internal_error,
                         o.error().message, json::object()}};
    }
    return response::json(200, o.value());
  });

  r.add_async("POST", "/api/executions/{id}/cancel", [&engine](request& req, respond_fn respond) {
    std::string reason = "cancelled by " + req.user;
    if (!req.body.empty()) {
      auto parsed = core::parse_json_input(req.body);
      if (parsed.value && parsed.value->is_object() && parsed.value->contains("reason") &&
          (*parsed.value)["reason"].is_string()) {
        reason = (*parsed.value)["reason"].get<std::string>();
      }
    }
    engine.cancel(
        {req.tenant, req.params["id"], reason}, [&engine, respond, request_id = req.request_id, tenant = req.tenant,
                                                 id = req.params["id"]](actors::engine_answer a) {
          if (a.ok && a.value == "true")
            return respond(response::json(200, {{"execution_id", id}, {"status", "cancelled"}}));
          if (!a.ok) return respond(engine_error(request_id, id, a));  // e.g. the disk is full: not recorded
          // Not running: tell an ended execution from an unknown one.
          engine.query({tenant, id}, [respond, request_id, id](actors::engine_answer q) {
            if (!q.ok) return respond(engine_error(request_id, id, q));
            respond(error(request_id, errc::conflict, "execution '" + id + "' has already ended"));
          });
        });
  });
}

}  // namespace weft::http
