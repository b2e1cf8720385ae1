// The execution routes of SPEC §7: execute a workflow (202 once its first event is durable,
// or the finished execution with ?wait_ms=), read an execution, its events, and cancel it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace weft::actors {
class engine_client;
struct engine_answer;
}
namespace weft::services {
class workflow_service;
class execution_reader;
class start_keys;
}  // namespace weft::services

namespace weft::http {

/// In a sharded cluster: the other coordinators' HTTP addresses, asked for their part of a
/// listing of executions (docs/cluster.md), and this node's name.
struct listing_peers {
  std::vector<std::string> addresses;
  std::string this_node;
};

void add_execution_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                          services::start_keys& keys, actors::engine_client& engine, listing_peers peers = {});

/// Starts execution `execution_id` of a tenant's workflow (its published version, else its
/// latest) and calls `started` (ok, the workflow version, and its status — "running", or
/// "pending" when admission queued it — or the error) once the first events are durable.
/// Throws api_failure before anything starts (unknown workflow, or the tenant's plan refuses:
/// `trigger` names a webhook or schedule start, "" any other). An `idempotency_key`
/// (reserved by the caller) is claimed on disk together with the execution's first event.
/// With `await_ms`, `started` is called with the execution's state once it ended, or after
/// await_ms with the state so far.
void start_workflow(services::workflow_service& workflows, actors::engine_client& engine, const std::string& tenant,
                    const std::string& user, const std::string& workflow_id, const std::string& execution_id,
                    const std::string& input_json,
                    std::function<void(const actors::engine_answer& answer, std::uint64_t version)> started,
                    const std::string& trigger = "", std::int32_t priority = 0, const std::string& idempotency_key = "",
                    std::uint32_t await_ms = 0);

}  // namespace weft::http
