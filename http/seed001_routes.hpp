// Seed 001's REST routes, in that seed's `{ success, data }` shapes (SPEC §7). An instance is
// a saved workflow kept in React Flow form (`workflow_data: { nodes, edges }`); execute,
// stop, status and logs act on its latest execution. The editor routes save (create or new
// version), load and list workflows as `{ nodes, edges }`. Seed 001's clients send only the
// bearer token: these are token routes. Errors: the envelope plus `success: false`.
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

void add_seed001_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                        actors::engine_client& engine);

}  // namespace weft::http
