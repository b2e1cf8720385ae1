// Seed 003's routes, in that seed's camelCase shapes (SPEC §7): start a workflow in the
// background, read an execution with its logs, and the "Prefect" health probe.
#pragma once

#include "http/router.hpp"

namespace weft::actors {
class engine_client;
}
namespace weft::services {
class workflow_service;
class execution_reader;
}  // namespace weft::services

namespace weft::http {

void add_seed003_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                        actors::engine_client& engine);

}  // namespace weft::http
