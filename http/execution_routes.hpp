// The execution routes of SPEC §7: execute a workflow (202 once its first event is durable,
// or the finished execution with ?wait_ms=), read an execution, its events, and cancel it.
#pragma once

#include "http/router.hpp"

namespace weft::actors {
class engine_client;
}
namespace weft::services {
class workflow_service;
class execution_reader;
class start_keys;
}  // namespace weft::services

namespace weft::http {

void add_execution_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                          services::start_keys& keys, actors::engine_client& engine);

}  // namespace weft::http
