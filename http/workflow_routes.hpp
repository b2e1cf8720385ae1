// The canonical workflow routes of SPEC §7 (`/api/workflows...`), on a router.
#pragma once

#include "http/router.hpp"

namespace weft::services {
class workflow_service;
}

namespace weft::http {

void add_workflow_routes(router& r, services::workflow_service& workflows);

}  // namespace weft::http
